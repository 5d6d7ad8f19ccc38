"""One store for the search tests: the web tests' articles (our own text, one hostile),
indexed by ingest's own hook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ..serve.store_data import build_store


@pytest.fixture(scope="session")
def search_store(web_store: Callable[..., Path]) -> Path:
    return web_store("search", build_store)


@pytest.fixture(scope="session")
def search_client(web_client: Callable[[Path], TestClient], search_store: Path) -> TestClient:
    return web_client(search_store)
