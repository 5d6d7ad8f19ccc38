"""Fixtures of the web tests: one store built from :mod:`.store_data`, and a client."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .store_data import build_store


@pytest.fixture(scope="session")
def store_path(web_store: Callable[..., Path]) -> Path:
    return web_store("web", build_store)


@pytest.fixture(scope="session")
def client(web_client: Callable[[Path], TestClient], store_path: Path) -> TestClient:
    return web_client(store_path)


@pytest.fixture
def own_store(store_path: Path, tmp_path: Path) -> Path:
    """A copy of the session's store that this test may write."""
    path = tmp_path / "own.duckdb"
    shutil.copyfile(store_path, path)
    return path
