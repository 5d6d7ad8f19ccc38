"""The short list of stages an article goes through: ingest -> nlp -> extract -> store -> fuse.

``ingest`` is what ``backers ingest`` calls. There is one engine: ``process_partition`` /
``process_items`` (read, clean, prefilter, parse, extract; ``backers.batch``) feeding the
one set-based loader (``backers.store.load``), which writes each batch in one transaction
together with the fused relations it changes, so a crash loses at most the batches in
flight and never leaves half a document. Articles already stored and read by the current
extractor are skipped ("unchanged"); stored articles read by an older extractor are read
again.

Where the per-document work runs is the only choice: ``engine="local"`` (this process, or
``workers`` processes of a pool) or ``engine="dask"`` (a Dask cluster: workers write
Parquet shards and this process loads them in one transaction). Both give the same store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from backers import settings
from backers.batch.partition import PartitionOptions
from backers.batch.version import extractor_version
from backers.fuse.outbox import FusionSchedule, fuse_every
from backers.records import Article, Failure
from backers.store import Store
from backers.store.load import IngestReport

ProgressFn = Callable[[int, int], None]  # (documents seen, failures so far)
ENGINES = ("local", "dask")

__all__ = [
    "ENGINES",
    "Extractor",
    "IngestReport",
    "extractor_version",
    "after_batch",
    "fusion_schedule",
    "ingest",
    "options_for",
    "store_batch",
]


def after_batch(con, article_ids: list[str]) -> dict[str, Any]:
    """Everything that happens after a batch is stored: the one place for it.

    Runs inside the batch's own transaction with the ids of the articles whose claims the
    batch changed (new or read again), in input order, so whatever is derived from a batch
    is committed with it or not at all. Add one line per derived thing here. Fusion is only
    queued (``backers.fuse.outbox``); the ingest fuses the queue every
    ``BACKERS_FUSE_EVERY`` seconds and at its end.
    """
    from backers.fuse import outbox

    outbox.enqueue(con, article_ids)
    return {}


def fusion_schedule(store: Store) -> FusionSchedule:
    """When this run fuses what its batches queued (``BACKERS_FUSE_EVERY``)."""
    return FusionSchedule(store, fuse_every(settings.FUSE_EVERY.get()))


class Extractor:
    """Which pipeline a caller that reads its own articles (web ingest) extracts with; the
    pipeline itself is loaded once per process on first use (``backers.nlp``)."""

    def __init__(self, model: str | None = None, n_process: int = 1) -> None:
        self.model = model
        self.n_process = n_process


def store_batch(
    store: Store,
    articles: list[Article],
    failures: list[Failure],
    known: dict[str, str | None],
    version: str | None,
    extractor: Extractor | None,
    report: IngestReport,
) -> None:
    """One batch of articles the caller read itself (web pages), through the one engine:
    ``process_items`` then the set-based loader, as ``ingest`` does. ``known`` (stored
    article id -> extractor version) is updated; ``report`` is added to."""
    from backers.batch.local import load_isolating
    from backers.batch.process import process_items
    from backers.extract.learned import enabled as learned_enabled
    from backers.nlp.prefilter import enabled

    read = version is not None and extractor is not None
    if read:
        learned_enabled()  # a bad BACKERS_LEARNED stops here, not once per document
    options = PartitionOptions(
        extract=read,
        extractor=version if read else None,
        model=(extractor.model if extractor else None) or settings.MODEL.get(),
        n_process=extractor.n_process if extractor else 1,
        prefilter=enabled() if read else False,
    )
    done = {aid for aid, v in known.items() if not read or v == version}
    result = process_items([*articles, *failures], options, done)
    report.add(load_isolating(store, result, 0, after_batch))
    schedule = fusion_schedule(store)
    schedule.now()
    report.add(schedule.report)
    extracted = set(result.extracted)
    for art in result.articles:
        known[art.id] = version if art.id in extracted else known.get(art.id)


def options_for(
    known: dict[str, str | None],
    *,
    extract: bool = True,
    as_of: dt.date | None = None,
    model: str | None = None,
    n_process: int = 1,
) -> PartitionOptions:
    """The per-document options of a run, resolved once here (settings, the extractor
    version, the prefilter switch) so that every worker uses the same."""
    from backers.extract.learned import enabled as learned_enabled
    from backers.nlp.prefilter import enabled

    version = extractor_version() if extract else None
    if version is not None:
        learned_enabled()  # a bad BACKERS_LEARNED stops here, not once per document
    return PartitionOptions(
        as_of=as_of,
        extract=version is not None,
        model=model or settings.MODEL.get(),
        extractor=version,
        n_process=n_process,
        max_doc_bytes=settings.as_int(settings.MAX_DOC_BYTES),
        max_line_bytes=settings.as_int(settings.MAX_LINE_BYTES),
        done=frozenset(aid for aid, v in known.items() if version is None or v == version),
        prefilter=enabled() if version is not None else False,
    )


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
    where the per-document work runs: ``local`` (batches of ``batch_size`` in this process,
    or in a pool of ``workers`` processes) or ``dask`` (``workers`` processes of a local
    cluster, or the cluster at ``scheduler``; shards go under ``shards``, kept with
    ``keep_shards``; partitions of about ``partition_bytes`` of input).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    known = store.init().known_articles()
    options = options_for(known, extract=extract, as_of=as_of, model=model, n_process=n_process)
    schedule = fusion_schedule(store)
    # What a killed run queued is fused first, so this run starts from current relations.
    leftover = schedule.now()
    if engine == "dask":
        from backers.batch.dask_engine import run_dask

        report = run_dask(
            paths,
            store,
            options=options,
            workers=workers,
            scheduler=scheduler,
            shards=shards,
            keep_shards=keep_shards,
            partition_bytes=partition_bytes,
            progress=progress,
            after=after_batch,
            stored=schedule.batch_stored,
        )
    else:
        from dataclasses import replace

        from backers.batch.local import run_local
        from backers.ingest import read_inputs

        # This process only reads and cleans; each article's language is detected where
        # it is extracted (in the pool's workers with --workers N), off the serial path.
        report = run_local(
            read_inputs(
                paths,
                as_of=as_of,
                max_doc_bytes=options.max_doc_bytes,
                max_line_bytes=options.max_line_bytes,
                language=False,
            ),
            store,
            replace(options, detect_language=True),
            batch_size=batch_size or settings.as_int(settings.BATCH_SIZE),
            workers=workers or 1,
            progress=progress,
            after=after_batch,
            stored=schedule.batch_stored,
        )
    schedule.now()
    report.add(schedule.report)
    report.fuse["leftover"] = leftover
    return report
