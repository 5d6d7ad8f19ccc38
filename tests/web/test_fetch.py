"""The polite fetcher against the local site: every way a page fails is named, robots.txt
is honoured, and the limits hold."""

from __future__ import annotations

import time

import pytest

from backers.ingest.web.errors import WebError
from backers.ingest.web.fetch import FEED_TYPES, Fetcher
from tests.web.site import Route


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/slow.html", "timeout"),
        ("/gone.html", "http-404"),
        ("/broken.html", "http-500"),
        ("/loop.html", "redirect-loop"),
        ("/huge.html", "too-large"),
        ("/picture.png", "not-html"),
        ("/private/secret.html", "robots"),
    ],
)
def test_every_failure_is_named(site, config, path: str, code: str) -> None:
    with Fetcher(config) as fetcher, pytest.raises(WebError) as caught:
        fetcher.fetch(site.url(path))
    assert caught.value.code == code
    assert site.url(path) in str(caught.value)  # the message names the URL


def test_a_page_is_fetched_with_our_user_agent(site, config) -> None:
    with Fetcher(config) as fetcher:
        page = fetcher.fetch(site.url("/news/harbour.html"))
    assert page.status == 200 and b"Harbour reopens" in page.body
    assert site.fetched("/robots.txt") == 1


def test_server_errors_are_retried_then_named(site, config) -> None:
    with Fetcher(config) as fetcher, pytest.raises(WebError, match="after 2 attempts"):
        fetcher.fetch(site.url("/broken.html"))
    assert site.fetched("/broken.html") == 2  # one retry, then it gives up: bounded
    with Fetcher(config) as fetcher, pytest.raises(WebError):
        fetcher.fetch(site.url("/gone.html"))
    assert site.fetched("/gone.html") == 1  # a 404 is not retried


def test_a_redirect_is_followed(site, config) -> None:
    site.routes["/moved.html"] = Route(status=301, headers={"Location": "/news/harbour.html"})
    with Fetcher(config) as fetcher:
        page = fetcher.fetch(site.url("/moved.html"))
    assert page.final_url == site.url("/news/harbour.html")


def test_an_unchanged_feed_answers_not_modified(site, config) -> None:
    with Fetcher(config) as fetcher:
        first = fetcher.fetch(site.url("/feed.xml"), FEED_TYPES)
        again = fetcher.fetch(site.url("/feed.xml"), FEED_TYPES, etag=first.etag)
    assert first.etag == '"v1"' and again.not_modified


def test_the_per_host_rate_limit_spaces_requests(site, config) -> None:
    from dataclasses import replace

    with Fetcher(replace(config, host_delay=0.3)) as fetcher:
        start = time.monotonic()
        for _ in range(3):
            fetcher.fetch(site.url("/news/harbour.html"))
        spent = time.monotonic() - start
    # robots.txt and three pages: four requests, three gaps of 0.3 s at least
    assert spent >= 0.9


def test_crawl_delay_in_robots_is_honoured(site, config) -> None:
    site.routes["/robots.txt"] = Route("User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    with Fetcher(config) as fetcher:
        start = time.monotonic()
        fetcher.fetch(site.url("/news/harbour.html"))
        fetcher.fetch(site.url("/news/harbour.html"))
        assert time.monotonic() - start >= 1.0  # whole seconds, as robots.txt gives it


def test_an_unreachable_host_is_named(config) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with Fetcher(config) as fetcher, pytest.raises(WebError) as caught:
        fetcher.fetch(f"http://127.0.0.1:{port}/x.html")
    assert caught.value.code == "unreachable"


def test_a_non_http_url_is_refused(config) -> None:
    with Fetcher(config) as fetcher, pytest.raises(WebError) as caught:
        fetcher.fetch("file:///etc/passwd")
    assert caught.value.code == "bad-url"


def test_the_size_limit_holds_without_content_length_and_once_decompressed(site, config):
    import gzip

    huge = site.routes["/huge.html"].body
    site.routes["/stream.html"] = Route(huge, length=False)
    bomb = gzip.compress(b"<html><body>" + b"a" * 2_000_000 + b"</body></html>")
    site.routes["/bomb.html"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < config.max_bytes  # small on the wire
    for path in ("/stream.html", "/bomb.html"):
        with Fetcher(config) as fetcher, pytest.raises(WebError) as caught:
            fetcher.fetch(site.url(path))
        assert caught.value.code == "too-large", path


def test_a_gzipped_page_is_read(site, config) -> None:
    import gzip

    html = site.routes["/news/harbour.html"].body.encode()
    site.routes["/zipped.html"] = Route(gzip.compress(html), headers={"Content-Encoding": "gzip"})
    with Fetcher(config) as fetcher:
        assert fetcher.fetch(site.url("/zipped.html")).body == html
