"""Live ingest from the web: polite fetching (robots.txt, per-host rate and concurrency
limits, timeouts, retries, size and content-type checks), canonical URLs, feeds, sitemaps,
and the run that feeds fetched pages through the same HTML reader and pipeline as files.

Public interface: :func:`ingest_web`, :class:`WebConfig`, :class:`Fetcher`,
:func:`canonical_url`, :func:`record_changes`, :func:`reread_pages`.
"""

from __future__ import annotations

from backers.ingest.web.canonical import canonical_url
from backers.ingest.web.changes import record_changes
from backers.ingest.web.config import WebConfig
from backers.ingest.web.fetch import Fetcher
from backers.ingest.web.run import WebReport, ingest_web, reread_pages

__all__ = [
    "Fetcher",
    "WebConfig",
    "WebReport",
    "canonical_url",
    "ingest_web",
    "record_changes",
    "reread_pages",
]
