"""Fixtures of the web tests: one store built from :mod:`.store_data`, and a client."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backers.serve.app import create_app

from .store_data import build_store


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "web.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def own_store(store_path: Path, tmp_path: Path) -> Path:
    """A copy of the session's store that this test may write."""
    path = tmp_path / "own.duckdb"
    shutil.copyfile(store_path, path)
    return path
