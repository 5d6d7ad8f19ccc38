"""Fixtures of the ingest tests. ``shared_path`` mirrors the helper of ``tests/conftest.py``
as a fixture: importing it (``from conftest import ...``) breaks once another test folder
has its own conftest module."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("BACKERS_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples"


@pytest.fixture
def shared_path() -> Callable[..., Path]:
    """A function giving a path under ../shared, or skipping the test when it is absent."""

    def find(*parts: str) -> Path:
        path = SHARED.joinpath(*parts)
        if not path.exists():
            pytest.skip(
                f"{path} is absent: this test needs the team's shared/ folder beside the repo"
            )
        return path

    return find


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES
