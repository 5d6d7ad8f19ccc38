"""One store for the search tests: the web tests' articles (our own text, one hostile),
indexed by ingest's own hook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backers.serve.app import create_app

from ..serve.store_data import build_store


@pytest.fixture(scope="session")
def search_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "search.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def search_client(search_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(search_store), raise_server_exceptions=False) as c:
        yield c
