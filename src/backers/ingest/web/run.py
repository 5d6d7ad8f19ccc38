"""One web ingest run: URLs, feeds and sitemaps -> fetched pages -> the same HTML reader
and pipeline as files -> the store, with the raw page kept compressed beside its document.

Feeds and sitemaps remember what they have given (``web_seen``), so only new entries are
fetched; a feed is asked with its ETag/Last-Modified, and answers 304 when unchanged. Each
batch of pages is stored (documents, claims, relations, failures: one transaction), then its
raw pages and its entries are marked seen (a second one). A kill between the two only means
the next run fetches those pages again and finds them unchanged: nothing is lost or doubled.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from backers import settings
from backers.errors import InputError
from backers.ingest.decode import decode_bytes
from backers.ingest.identity import raw_hash
from backers.ingest.readers import _article
from backers.ingest.web.canonical import canonical_url, url_doc_id
from backers.ingest.web.changes import new_run_id, record_changes
from backers.ingest.web.config import WebConfig
from backers.ingest.web.errors import BadFeed, WebError
from backers.ingest.web.feeds import discover_feeds, parse_feed
from backers.ingest.web.fetch import FEED_TYPES, HTML_TYPES, SITEMAP_TYPES, Fetcher, Page
from backers.ingest.web.sitemaps import parse_sitemap
from backers.records import Article, Failure
from backers.store import Store

MAX_ATTEMPTS = 3  # a page that timed out or answered 5xx is tried again at up to 3 runs
MAX_SITEMAPS = 50  # child sitemaps followed from one index, at most
DIRECT = ""  # web_seen.source_url of URLs given directly

ProgressFn = Callable[[int, int], None]  # (pages done, pages to do)


@dataclass
class Target:
    """One page to fetch: as given, canonical, and the feed or sitemap it came from."""

    url: str
    canonical: str
    sources: list[str] = field(default_factory=list)  # feeds and sitemaps that list it


@dataclass
class WebReport:
    run: str
    sources: int = 0  # feeds and sitemaps asked
    not_modified: int = 0  # of those, unchanged since the last run (304)
    new_entries: int = 0  # pages to fetch this run
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    claims: int = 0
    changes: int = 0
    not_read: Counter = field(default_factory=Counter)  # language name -> articles
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        """The progress line a run ends with."""
        parts = [
            f"run {self.run}:",
            f"{self.sources} feeds/sitemaps ({self.not_modified} not modified),",
            f"{self.new_entries} new pages,",
            f"{self.stored} stored,",
            f"{self.unchanged} unchanged,",
            f"{self.failed} failed,",
        ]
        read_not = sum(self.not_read.values())
        langs = ", ".join(f"{name} {n}" for name, n in sorted(self.not_read.items()))
        parts.append(f"{read_not} not read" + (f" ({langs})," if langs else ","))
        parts.append(f"{self.claims} claims, {self.changes} changes")
        return " ".join(parts)


def ingest_web(
    store: Store,
    *,
    urls: Sequence[str] = (),
    feeds: Sequence[str] = (),
    sitemaps: Sequence[str] = (),
    config: WebConfig | None = None,
    extract: bool = True,
    model: str | None = None,
    batch_size: int | None = None,
    as_of: dt.date | None = None,
    progress: ProgressFn | None = None,
    fetcher: Fetcher | None = None,
) -> WebReport:
    """Fetch, read and store what ``urls``, ``feeds`` and ``sitemaps`` point to; record the
    changes to the relations. Never raises for a bad URL: it becomes a recorded failure."""
    from backers.pipeline import Extractor, IngestReport, extractor_version, store_batch

    config = config or WebConfig.from_env()
    report = WebReport(run=new_run_id())
    version = extractor_version() if extract else None
    store.init()
    known = store.known_articles()
    state = _load_state(store)
    own = fetcher is None
    fetcher = fetcher or Fetcher(config)
    try:
        targets, early = _targets(fetcher, store, state, urls, feeds, sitemaps, report)
        report.new_entries = len(targets)
        size = batch_size or settings.as_int(settings.BATCH_SIZE)
        extractor = Extractor(model) if version else None
        done = 0
        pending_failures = early
        with ThreadPoolExecutor(max_workers=config.workers) as pool:
            for start in range(0, max(len(targets), 1), size):
                chunk = targets[start : start + size]
                results = list(pool.map(lambda t: _fetch_page(fetcher, t, as_of), chunk))
                articles = [a for _, a, _, _ in results if a is not None]
                failures = pending_failures + [f for _, _, f, _ in results if f is not None]
                pending_failures = []
                batch = IngestReport()
                store_batch(store, articles, failures, known, version, extractor, batch)
                _after_batch(store, results, batch, report)
                done += len(chunk)
                if progress:
                    progress(done, len(targets))
    finally:
        if own:
            fetcher.close()
    report.changes = record_changes(store, report.run)
    return report


def reread_pages(store: Store, as_of: dt.date | None = None) -> Iterator[Article | Failure]:
    """The stored raw pages (the latest of each URL) read again with the current HTML
    reader, without fetching: after a better cleaner or extractor, feed these to the
    pipeline. ``as_of`` is the day relative dates count from (default: each fetch day)."""
    with store.read() as con:
        rows = con.execute(
            "SELECT url, fetched_url, raw, fetched_at FROM web_pages"
            " QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1"
            " ORDER BY url"
        ).fetchall()
    for url, fetched_url, raw, fetched_at in rows:
        body = zlib.decompress(raw)
        day = fetched_at.date()
        try:
            yield _read_page(body, Target(fetched_url, url), as_of, day)
        except InputError as err:
            yield _failure(fetched_url, err)


# -- what to fetch -------------------------------------------------------------------------
@dataclass
class _State:
    validators: dict[str, tuple[str | None, str | None]]  # source url -> (etag, last-modified)
    seen: dict[tuple[str, str], tuple[str, int]]  # (source, url) -> (outcome, attempts)
    stored: set[str] = field(default_factory=set)  # urls stored from any source


def _load_state(store: Store) -> _State:
    with store.read() as con:
        validators = {
            url: (etag, modified)
            for url, etag, modified in con.execute(
                "SELECT url, etag, last_modified FROM web_sources"
            ).fetchall()
        }
        seen = {
            (src, url): (outcome, attempts)
            for src, url, outcome, attempts in con.execute(
                "SELECT source_url, url, outcome, attempts FROM web_seen"
            ).fetchall()
        }
    stored = {url for (_, url), (outcome, _) in seen.items() if outcome == "stored"}
    return _State(validators, seen, stored)


def _is_new(state: _State, source: str, canonical: str) -> bool:
    """An entry is fetched unless it was dealt with: stored (from any feed or sitemap), or
    failed for good, or failed for a passing reason ``MAX_ATTEMPTS`` times."""
    if canonical in state.stored:
        return False
    found = state.seen.get((source, canonical))
    if found is None:
        return True
    outcome, attempts = found
    return outcome.startswith("retry:") and attempts < MAX_ATTEMPTS


def _targets(
    fetcher: Fetcher,
    store: Store,
    state: _State,
    urls: Iterable[str],
    feeds: Iterable[str],
    sitemaps: Iterable[str],
    report: WebReport,
) -> tuple[list[Target], list[Failure]]:
    """The pages this run fetches, each once (by canonical URL), and the failures of the
    feeds and sitemaps that could not be read."""
    targets: dict[str, Target] = {}
    failures: list[Failure] = []

    def add(url: str, source: str) -> None:
        try:
            canonical = canonical_url(url)
        except WebError as err:
            failures.append(_failure(url, err))
            return
        if source != DIRECT and not _is_new(state, source, canonical):
            return
        target = targets.setdefault(canonical, Target(url, canonical))
        if source != DIRECT and source not in target.sources:
            target.sources.append(source)

    for url in urls:
        add(url, DIRECT)
    for kind, sources in (("feed", feeds), ("sitemap", sitemaps)):
        for source in sources:
            report.sources += 1
            try:
                for target in _read_source(fetcher, store, state, source, kind, report, failures):
                    add(target, source)
            except WebError as err:
                failures.append(_failure(source, err))
                _save_source(store, source, kind, None, err.code)
    return list(targets.values()), failures


def _read_source(
    fetcher: Fetcher,
    store: Store,
    state: _State,
    url: str,
    kind: str,
    report: WebReport,
    failures: list[Failure],
) -> list[str]:
    """Page URLs of a feed or sitemap; empty when it answers 304 Not Modified."""
    etag, modified = state.validators.get(url, (None, None))
    if kind == "feed":
        page = fetcher.fetch(url, FEED_TYPES + HTML_TYPES, etag=etag, last_modified=modified)
        if page.not_modified:
            report.not_modified += 1
            _save_source(store, url, kind, None, "not-modified")
            return []
        body, base = page.body, page.final_url
        head = body[:512].lstrip().lower()
        looks_like_feed = head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf", b"{"))
        if page.content_type.split(";")[0].strip().lower() in HTML_TYPES and not looks_like_feed:
            found = discover_feeds(body, page.final_url)
            if not found:
                raise BadFeed("an HTML page that announces no feed", url)
            announced = fetcher.fetch(found[0], FEED_TYPES)  # the page's first feed
            body, base = announced.body, announced.final_url
        pages = [entry.url for entry in parse_feed(body, base)]
    else:
        page = fetcher.fetch(url, SITEMAP_TYPES, etag=etag, last_modified=modified)
        if page.not_modified:
            report.not_modified += 1
            _save_source(store, url, kind, None, "not-modified")
            return []
        found = parse_sitemap(page.body, page.final_url, fetcher.config.max_bytes)
        pages = list(found.pages)
        for child in found.children[:MAX_SITEMAPS]:  # one level of index, bounded
            try:
                sub = parse_sitemap(
                    fetcher.fetch(child, SITEMAP_TYPES).body, child, fetcher.config.max_bytes
                )
            except WebError as err:
                failures.append(_failure(child, err))
                continue
            pages.extend(sub.pages)
    # The validators are saved only now that the body was read: a kill before this point
    # makes the next run ask again in full.
    _save_source(store, url, kind, page, "ok")
    return pages


def _save_source(store: Store, url: str, kind: str, page: Page | None, status: str) -> None:
    with store.write() as con:
        con.execute(
            "INSERT INTO web_sources (url, kind, etag, last_modified, last_checked, last_status)"
            " VALUES (?, ?, ?, ?, current_timestamp, ?) ON CONFLICT (url) DO UPDATE SET"
            " etag = coalesce(excluded.etag, web_sources.etag),"
            " last_modified = coalesce(excluded.last_modified, web_sources.last_modified),"
            " last_checked = excluded.last_checked, last_status = excluded.last_status",
            [url, kind, page.etag if page else None, page.last_modified if page else None, status],
        )


# -- one page ------------------------------------------------------------------------------
def _fetch_page(
    fetcher: Fetcher, target: Target, as_of: dt.date | None
) -> tuple[Target, Article | None, Failure | None, Page | None]:
    """Fetch and read one page: (target, article or None, failure or None, page or None)."""
    page = None
    try:
        page = fetcher.fetch(target.url, HTML_TYPES)
        article = _read_page(page.body, target, as_of, dt.datetime.now(dt.UTC).date())
        return target, article, None, page
    except InputError as err:
        return target, None, _failure(target.url, err), page
    except Exception as exc:  # noqa: BLE001 - a bug must not stop a run: record it
        message = f"{target.url}: {type(exc).__name__}: {exc}"
        return target, None, Failure(target.url, "fetch", "internal", message), page


def _read_page(body: bytes, target: Target, as_of: dt.date | None, day: dt.date) -> Article:
    """A fetched page through the same HTML reader as files; its identity is the
    canonical URL. Raises an InputError (no article, undecodable) for a page with none."""
    return _article(
        decode_bytes(body, target.url),
        "html",
        doc_id=url_doc_id(target.canonical),
        source=target.url,
        digest=raw_hash(body),
        base=as_of or day,
        base_source="as_of" if as_of else "retrieved",
        url=target.canonical,
        retrieved=day.isoformat(),
    )


def _after_batch(store: Store, results: list, batch, report: WebReport) -> None:
    """Count the batch, keep its raw pages, and mark its entries seen (one transaction)."""
    from backers.ingest.language import language_name

    report.stored += batch.stored
    report.unchanged += batch.unchanged
    report.claims += batch.claims
    language = {a.source: a.meta.get("language", "und") for _, a, _, _ in results if a}
    for failure in batch.failures:
        if failure.stage == "language":
            report.not_read[language_name(language.get(failure.source, "und"))] += 1
        else:
            report.failed += 1
        report.failures.append(failure)
    with store.write() as con:
        for target, article, failure, page in results:
            if page is not None and not page.not_modified and page.body:
                con.execute(
                    "INSERT INTO web_pages (url, raw_hash, fetched_url, article_id, content_type,"
                    " status, raw, raw_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    [
                        target.canonical,
                        raw_hash(page.body),
                        page.final_url,
                        article.id if article is not None else None,
                        page.content_type,
                        page.status,
                        zlib.compress(page.body, 6),
                        len(page.body),
                    ],
                )
            if failure is None:
                outcome = "stored"
            elif _transient(failure):
                outcome = f"retry:{failure.code}"
            else:
                outcome = failure.code
            for source in target.sources:
                con.execute(
                    "INSERT INTO web_seen (source_url, url, outcome) VALUES (?, ?, ?)"
                    " ON CONFLICT (source_url, url) DO UPDATE SET outcome = excluded.outcome,"
                    " attempts = web_seen.attempts + 1",
                    [source, target.canonical, outcome],
                )


def _transient(failure: Failure) -> bool:
    return failure.code in ("timeout", "unreachable", "http-429") or failure.code.startswith(
        "http-5"
    )


def _failure(source: str, err: InputError) -> Failure:
    return Failure(source, "fetch", err.code, str(err))
