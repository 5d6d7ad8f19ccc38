"""Shared fixtures. Tests that read ../shared skip with a clear reason where it is absent."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BACKERS_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the team's shared/ folder beside the repo")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh store file in the test's own temporary folder."""
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def shared():
    """``shared("seeds", "x.txt")``: a path under ../shared, or skip the test without it.

    Use this fixture rather than importing from conftest: several test folders have a
    conftest.py of their own, so ``from conftest import ...`` is ambiguous.
    """
    return shared_path


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``web_store("amounts", build)``: the store ``build(path)`` makes, built once per
    session under that name (the web, search and amounts tests each keep their own)."""
    made: dict[str, Path] = {}

    def make(name: str, build: Callable[[Path], object]) -> Path:
        if name not in made:
            path = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
            build(path)
            made[name] = path
        return made[name]

    return make


@pytest.fixture(scope="session")
def web_client() -> Iterator[Callable[[Path], object]]:
    """``web_client(path)``: a test client of the app over the store at ``path``, one per
    store for the session (a server error is a 500 response, as a user would get it)."""
    from fastapi.testclient import TestClient

    from backers.serve.app import create_app

    with ExitStack() as stack:
        clients: dict[Path, TestClient] = {}

        def make(path: Path) -> TestClient:
            if path not in clients:
                client = TestClient(create_app(path), raise_server_exceptions=False)
                clients[path] = stack.enter_context(client)
            return clients[path]

        yield make
