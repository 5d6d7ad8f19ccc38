"""Fixtures of the amounts tests: one store built from :mod:`.data`, shared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .data import build_store


@pytest.fixture(scope="session")
def amounts_db(web_store: Callable[..., Path]) -> Path:
    return web_store("amounts", build_store)


@pytest.fixture(scope="session")
def amounts_client(web_client: Callable[[Path], TestClient], amounts_db: Path) -> TestClient:
    return web_client(amounts_db)
