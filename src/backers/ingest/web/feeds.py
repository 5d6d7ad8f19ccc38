"""Feeds: RSS, Atom (feedparser) and JSON Feed (plain JSON) to a list of entries, and the
discovery of a site's feeds from its HTML page (``<link rel="alternate">``).

A feed that cannot be parsed, or parses to nothing, raises :class:`BadFeed`: a malformed
feed is a named failure, never an empty success.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urljoin

from backers.ingest.web.errors import BadFeed

MAX_ENTRIES = 10_000  # a bound on what one feed may ask us to fetch


@dataclass(frozen=True)
class Entry:
    url: str
    title: str | None = None
    published: str | None = None  # as the feed gives it


def parse_feed(body: bytes, feed_url: str) -> list[Entry]:
    """The entries of an RSS, Atom or JSON feed, links resolved against ``feed_url``."""
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        return _json_feed(body, feed_url)
    import feedparser

    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if reason else ""
        raise BadFeed(f"not an RSS or Atom feed{detail}", feed_url)
    entries = []
    for item in parsed.entries[:MAX_ENTRIES]:
        link = item.get("link") or _alternate(item.get("links")) or item.get("id")
        if not link or not isinstance(link, str):
            continue
        entries.append(
            Entry(
                url=urljoin(feed_url, link.strip()),
                title=item.get("title"),
                published=item.get("published") or item.get("updated"),
            )
        )
    if not entries and parsed.get("bozo"):
        # A feed that breaks off may still give good entries (they are kept); one that
        # gives none is malformed, and said so.
        raise BadFeed(f"malformed feed: {parsed.get('bozo_exception')}", feed_url)
    return entries


def _alternate(links: object) -> str | None:
    for link in links or []:
        if isinstance(link, dict) and link.get("rel", "alternate") == "alternate":
            return link.get("href")
    return None


def _json_feed(body: bytes, feed_url: str) -> list[Entry]:
    """JSON Feed (jsonfeed.org) 1.0/1.1: ``items`` with ``url`` (or ``external_url``)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadFeed(f"malformed JSON feed: {exc}", feed_url) from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise BadFeed("a JSON document without 'items': not a JSON Feed", feed_url)
    entries = []
    for item in data["items"][:MAX_ENTRIES]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if isinstance(link, str) and link.strip():
            entries.append(
                Entry(
                    url=urljoin(feed_url, link.strip()),
                    title=item.get("title") if isinstance(item.get("title"), str) else None,
                    published=item.get("date_published")
                    if isinstance(item.get("date_published"), str)
                    else None,
                )
            )
    return entries


def discover_feeds(html: bytes, page_url: str) -> list[str]:
    """Feed URLs a page announces with ``<link rel="alternate" type="application/rss+xml">``
    (or Atom, or JSON Feed), so ``--feed`` may name a site's home page."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - unparseable markup announces nothing
        return []
    found = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        href = link.get("href")
        if "alternate" in rel and href and kind.endswith(("rss+xml", "atom+xml", "feed+json")):
            url = urljoin(page_url, href.strip())
            if url not in found:
                found.append(url)
    return found
