"""Fixtures of the web tests: a news site on 127.0.0.1 (no real site is ever contacted),
fetching settings made fast (no politeness delay, short timeouts) and a fresh store."""

from __future__ import annotations

import pytest

from backers.ingest.web import WebConfig
from tests.web.site import Site, news_site

MAX_BYTES = 400_000  # /huge.html is over it, every article far under


@pytest.fixture
def site():
    with Site() as running:
        yield news_site(running)


@pytest.fixture
def config() -> WebConfig:
    return WebConfig(
        user_agent="backers-test",
        timeout=1.0,
        retries=1,
        backoff=0.05,
        host_delay=0.0,
        host_concurrency=4,
        workers=4,
        max_bytes=MAX_BYTES,
    )


@pytest.fixture
def web_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same settings for the CLI, through the environment."""
    monkeypatch.setenv("BACKERS_HOST_DELAY", "0")
    monkeypatch.setenv("BACKERS_FETCH_TIMEOUT", "1")
    monkeypatch.setenv("BACKERS_FETCH_RETRIES", "0")
    monkeypatch.setenv("BACKERS_MAX_DOC_BYTES", str(MAX_BYTES))
