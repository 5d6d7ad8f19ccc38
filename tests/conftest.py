"""Shared fixtures. Tests that read ../shared skip with a clear reason where it is absent."""

from __future__ import annotations

import os
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
