"""Canonical URLs, feeds and sitemaps, parsed from text written here."""

from __future__ import annotations

import gzip

import pytest

from backers.ingest.web.canonical import canonical_url, url_doc_id
from backers.ingest.web.errors import BadFeed, BadSitemap, BadUrl
from backers.ingest.web.feeds import discover_feeds, parse_feed
from backers.ingest.web.sitemaps import parse_sitemap
from tests.web.site import atom_feed, rss, sitemap

BASE = "http://127.0.0.1:8000"


def test_tracking_parameters_host_case_and_fragments_do_not_change_identity() -> None:
    plain = canonical_url("http://127.0.0.1:8000/news/a.html?id=7")
    for variant in (
        "http://127.0.0.1:8000/news/a.html?utm_source=rss&id=7&utm_medium=feed",
        "HTTP://127.0.0.1:8000/news/a.html?id=7&fbclid=xyz#comments",
        "http://127.0.0.1:8000/news/a.html?gclid=1&id=7&ref=home",
    ):
        assert canonical_url(variant) == plain
    assert canonical_url("http://127.0.0.1:8000/news/a.html?id=8") != plain
    assert url_doc_id(plain).startswith("127-0-0-1-a-")


@pytest.mark.parametrize("bad", ["ftp://x.org/a", "not a url", "", "http://"])
def test_a_bad_url_is_named(bad: str) -> None:
    with pytest.raises(BadUrl):
        canonical_url(bad)


def test_rss_atom_and_json_feeds_give_their_entries() -> None:
    items = [("One", "/a.html"), ("Two", "/b.html")]
    for body in (rss(BASE, items), atom_feed(BASE, items)):
        assert [e.url for e in parse_feed(body.encode(), BASE + "/feed")] == [
            BASE + "/a.html",
            BASE + "/b.html",
        ]
    json_feed = b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"url": "/c.html"}]}'
    assert [e.url for e in parse_feed(json_feed, BASE + "/feed.json")] == [BASE + "/c.html"]


@pytest.mark.parametrize(
    "body",
    [b"<?xml version='1.0'?><rss><channel><item><title>Broken", b"just text", b'{"no": 1}', b"{"],
)
def test_a_malformed_feed_is_named(body: bytes) -> None:
    with pytest.raises(BadFeed):
        parse_feed(body, BASE + "/feed")


def test_sitemaps_plain_gzipped_and_index() -> None:
    xml = sitemap(BASE, ["/a.html", "/b.html"]).encode()
    assert parse_sitemap(xml, BASE, 10**6).pages == [BASE + "/a.html", BASE + "/b.html"]
    assert parse_sitemap(gzip.compress(xml), BASE, 10**6).pages[1] == BASE + "/b.html"
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{BASE}/s1.xml</loc></sitemap></sitemapindex>"
    ).encode()
    assert parse_sitemap(index, BASE, 10**6).children == [BASE + "/s1.xml"]
    with pytest.raises(BadSitemap):
        parse_sitemap(b"<html><body>no</body></html>", BASE, 10**6)
    with pytest.raises(BadSitemap):
        parse_sitemap(b"<urlset><url><loc>", BASE, 10**6)


def test_a_home_page_announces_its_feed() -> None:
    html = (
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>'
    )
    assert discover_feeds(html, BASE + "/") == [BASE + "/rss"]
