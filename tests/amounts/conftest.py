"""Fixtures of the amounts tests: one store built from :mod:`.data`, shared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backers.serve.app import create_app

from .data import build_store


@pytest.fixture(scope="session")
def amounts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("amounts") / "amounts.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def amounts_client(amounts_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(amounts_db), raise_server_exceptions=False) as c:
        yield c
