"""The short list of stages an article goes through: ingest -> nlp -> extract -> store -> fuse.

``ingest`` is what ``backers ingest`` calls. It streams inputs in batches; each batch is
cleaned, read for claims, and written in one transaction together with the fused relations
it changes, so a crash loses at most the batch in flight and never leaves half a document.
Articles already stored and read by the current extractor are skipped ("unchanged"); stored
articles read by an older extractor are read again.

``engine="dask"`` does the same work on a Dask cluster (``backers.batch``): workers write
Parquet shards and this process loads them in one transaction, giving the same store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import duckdb

from backers import settings
from backers.errors import BackersError, StoreError
from backers.records import Article, Claim, Failure
from backers.store import Store
from backers.store.db import WriteResult

ProgressFn = Callable[[int, int], None]  # (documents seen, failures so far)
ENGINES = ("local", "dask")


@dataclass
class IngestReport:
    """What one ingest run did, for the closing summary and the exit code."""

    stored: int = 0
    unchanged: int = 0
    reextracted: int = 0
    failed: int = 0
    claims: int = 0
    failures: list[Failure] = field(default_factory=list)
    fuse: dict[str, Any] = field(default_factory=dict)

    @property
    def seen(self) -> int:
        return self.stored + self.unchanged + self.reextracted + self.failed


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def extractor_version() -> str | None:
    """The current extractor's version, or None where extraction is not available."""
    try:
        from backers.extract.version import EXTRACTOR_VERSION
    except ImportError:
        return None
    return EXTRACTOR_VERSION


class Extractor:
    """Loads the NLP pipeline on first use (not at all for a run with nothing new)."""

    def __init__(self, model: str | None = None, n_process: int = 1) -> None:
        self.model = model
        self.n_process = n_process
        self._nlp = None

    def __call__(self, articles: list[Article]) -> list[list[Claim]]:
        if not articles:
            return []
        from backers.extract import extract_articles
        from backers.ingest.language import readable
        from backers.nlp import load_pipeline

        keep = [a for a in articles if readable(a)]  # others: no pipeline for their language
        if keep and self._nlp is None:
            self._nlp = load_pipeline(self.model)
        found = iter(extract_articles(keep, self._nlp, n_process=self.n_process) if keep else [])
        return [next(found) if readable(a) else [] for a in articles]


def fuse_hook(con, article_ids: list[str]) -> dict[str, Any]:
    """Update the fused relations for the articles a batch changed (if fusion exists)."""
    try:
        from backers.fuse import update
    except ImportError:
        return {}
    stats = update(con, article_ids)
    return dict(vars(stats)) if hasattr(stats, "__dict__") else dict(stats or {})


def store_batch(
    store: Store,
    articles: list[Article],
    failures: list[Failure],
    known: dict[str, str | None],
    version: str | None,
    extract: Callable[[list[Article]], list[list[Claim]]] | None,
    report: IngestReport,
) -> None:
    """Sort one batch into new / stale / unchanged, read the claims, write it atomically."""
    fresh: list[Article] = []
    stale: list[Article] = []
    seen_here: set[str] = set()
    for art in articles:
        aid = art.id
        if aid in seen_here:
            report.unchanged += 1
            continue
        seen_here.add(aid)
        if aid not in known:
            fresh.append(art)
        elif version is not None and extract is not None and known[aid] != version:
            stale.append(art)
        else:
            report.unchanged += 1
    to_read = fresh + stale
    failures.extend(language_skips(fresh))  # stored, named in failures, not read
    claims: dict[str, list[Claim]] = {}
    if extract is not None and version is not None and to_read:
        claims = read_claims(to_read, extract, failures)
    if not fresh and not claims and not failures:
        return
    stored, result = write_or_isolate(store, fresh, claims, failures, version)
    report.stored += result.new
    report.unchanged += result.unchanged
    report.reextracted += sum(1 for art in stale if art.id in claims)
    report.claims += result.claims
    report.failed += len(failures)
    report.failures.extend(failures)
    for key, value in (result.after or {}).items():
        if not isinstance(value, int | float):
            continue
        # "relations" is the store's total after the update; the rest are per-batch counts.
        report.fuse[key] = value if key == "relations" else report.fuse.get(key, 0) + value
    for art in stored:
        known[art.id] = version if art.id in claims else None


def language_skips(articles: list[Article]) -> list[Failure]:
    """A ``language`` failure for each new article in a language without a pipeline."""
    from backers.ingest.language import not_read_message, readable

    return [
        Failure(a.source, "language", "not-read-language", not_read_message(a))
        for a in articles
        if not readable(a)
    ]


def read_claims(
    articles: list[Article],
    extract: Callable[[list[Article]], list[list[Claim]]],
    failures: list[Failure],
) -> dict[str, list[Claim]]:
    """Claims of a batch by article id. If the extractor raises on the batch, read the
    articles one by one, so one article that breaks it is a recorded failure (and is read
    again by the next ingest), not the end of the run."""
    try:
        return {a.id: found for a, found in zip(articles, extract(articles), strict=True)}
    except BackersError:
        raise  # the pipeline cannot be loaded at all (a missing model): stop the run
    except Exception:  # noqa: BLE001 - any extractor bug is isolated to its article below
        pass
    claims: dict[str, list[Claim]] = {}
    for art in articles:
        try:
            claims[art.id] = extract([art])[0]
        except Exception as error:  # noqa: BLE001
            failures.append(
                Failure(art.source, "extract", "extract-error", f"{art.source}: {error!r:.300}")
            )
    return claims


def write_or_isolate(
    store: Store,
    fresh: list[Article],
    claims: dict[str, list[Claim]],
    failures: list[Failure],
    version: str | None,
) -> tuple[list[Article], WriteResult]:
    """Write the batch in one transaction; if the database refuses it (not a lock: that is
    waited for), write the articles one by one and record the one it refuses, so a single
    bad document cannot end the run or lose the rest of its batch."""

    def write(arts: list[Article], found: dict[str, list[Claim]], fails: list[Failure]):
        return store.write_batch(
            arts,
            found,
            fails,
            extractor=version if found else None,
            after=fuse_hook if found else None,
        )

    try:
        return fresh, write(fresh, claims, failures)
    except StoreError:
        raise
    except duckdb.Error:
        pass
    total = WriteResult()
    stored: list[Article] = []
    fresh_ids = {a.id for a in fresh}
    singles = [([a], {a.id: claims[a.id]} if a.id in claims else {}) for a in fresh]
    singles += [([], {aid: found}) for aid, found in claims.items() if aid not in fresh_ids]
    for arts, found in singles:
        try:
            part = write(arts, found, [])
        except duckdb.Error as error:
            source = arts[0].source if arts else next(iter(found))
            failures.append(Failure(source, "store", "store-error", f"{source}: {error}"))
            continue
        stored.extend(arts)
        total.new += part.new
        total.unchanged += part.unchanged
        total.claims += part.claims
        total.after = part.after or total.after
    write([], {}, failures)
    total.failures = len(failures)
    return stored, total


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    as_of: dt.date | None = None,
    extract: bool = True,
    model: str | None = None,
    batch_size: int | None = None,
    n_process: int = 1,
    progress: ProgressFn | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    shards: str | None = None,
    keep_shards: bool = False,
    partition_bytes: int | None = None,
) -> IngestReport:
    """Read, clean, extract and store every input under ``paths`` (files, folders, ``-``).

    Bad inputs are recorded as failures and skipped; the run goes on. ``engine`` picks
    where the per-document work runs: ``local`` (this process, in batches of
    ``batch_size``) or ``dask`` (``workers`` processes of a local cluster, or the cluster
    at ``scheduler``; shards go under ``shards``, kept with ``keep_shards``; partitions of
    about ``partition_bytes`` of input, by default several per worker).
    """
    version = extractor_version() if extract else None
    known = store.init().known_articles()
    if engine == "dask":
        return _ingest_dask(
            paths,
            store,
            as_of=as_of,
            version=version,
            model=model,
            known=known,
            workers=workers,
            scheduler=scheduler,
            shards=shards,
            keep_shards=keep_shards,
            partition_bytes=partition_bytes,
            progress=progress,
        )
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    from backers.ingest import read_inputs

    size = batch_size or settings.as_int(settings.BATCH_SIZE)
    extractor = Extractor(model, n_process=n_process) if version else None
    report = IngestReport()
    seen = 0
    for chunk in batched(read_inputs(paths, as_of=as_of), size):
        articles = [x for x in chunk if isinstance(x, Article)]
        failures = [x for x in chunk if isinstance(x, Failure)]
        store_batch(store, articles, failures, known, version, extractor, report)
        seen += len(chunk)
        if progress:
            progress(seen, report.failed)
    return report


def _ingest_dask(
    paths: Sequence[str],
    store: Store,
    *,
    version: str | None,
    known: dict[str, str | None],
    progress: ProgressFn | None,
    **options: Any,
) -> IngestReport:
    """The dask engine, reported like the local one."""
    from backers.batch.dask_engine import run_dask

    loaded = run_dask(
        paths, store, extractor=version, known=known, progress=progress, after=fuse_hook, **options
    )
    return IngestReport(
        stored=loaded.new,
        unchanged=loaded.unchanged,
        reextracted=loaded.reextracted,
        failed=len(loaded.failures),
        claims=loaded.claims,
        failures=loaded.failures,
        fuse={k: v for k, v in loaded.fuse.items() if isinstance(v, int | float)},
    )
