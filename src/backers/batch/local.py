"""The local engine: ``process_items`` on batches of the inputs, in this process or in a
pool of worker processes, each batch loaded by the same set-based loader as a Dask run.

This process reads and cleans the inputs as it goes (files, folders, gzipped JSONL or
standard input alike) and cuts them into batches of ``batch_size`` documents. With one
worker, each batch is extracted here; with more, batches are extracted in a process pool
(spawned, so each worker loads its own model) while this process reads the next ones and
loads finished batches in input order. Each batch is one transaction, so a crash or a kill
loses at most the batches in flight and never what was stored before.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

import duckdb

from backers.batch.load import load_result
from backers.batch.partition import PartitionOptions, PartitionResult
from backers.batch.process import process_items
from backers.errors import StoreError
from backers.records import Article, Failure
from backers.store import Store
from backers.store.load import FuseHook, IngestReport

ProgressFn = Callable[[int, int], None]  # (documents seen, failures so far)


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def load_isolating(
    store: Store, result: PartitionResult, part: int, after: FuseHook | None
) -> IngestReport:
    """Load a batch in one transaction; if the database refuses it (not a lock: that is
    waited for), load its articles one by one and record the one it refuses as a
    ``store`` failure, so one bad document cannot end the run or lose the rest."""
    try:
        return load_result(store, result, part, after=after)
    except StoreError:
        raise
    except duckdb.Error:
        pass
    report = IngestReport(unchanged=result.skipped)
    extracted = set(result.extracted)
    refused: list[Failure] = []
    for art in result.articles:
        single = PartitionResult(
            articles=[art],
            claims=[c for c in result.claims if c.article_id == art.id],
            extracted=[art.id] if art.id in extracted else [],
            extractor=result.extractor,
            signatures={k: v for k, v in result.signatures.items() if k == art.id},
            signature_version=result.signature_version,
        )
        try:
            report.add(load_result(store, single, part, after=after))
        except duckdb.Error as error:
            refused.append(Failure(art.source, "store", "store-error", f"{art.source}: {error}"))
    report.add(load_result(store, PartitionResult(failures=result.failures + refused), part))
    return report


def _absorb(
    store: Store,
    result: PartitionResult,
    part: int,
    report: IngestReport,
    done: set[str],
    options: PartitionOptions,
    after: FuseHook | None,
) -> None:
    report.add(load_isolating(store, result, part, after))
    if options.extract and options.extractor:
        done.update(result.extracted)
    elif not options.extract:
        done.update(a.id for a in result.articles)


def run_local(
    items: Iterable[Article | Failure],
    store: Store,
    options: PartitionOptions,
    *,
    batch_size: int,
    workers: int = 1,
    progress: ProgressFn | None = None,
    after: FuseHook | None = None,
    stored: Callable[[], None] | None = None,
    stats: PartitionResult | None = None,
) -> IngestReport:
    """Extract and load ``items`` in batches; ``workers`` > 1 extracts in a process pool.

    ``after`` runs inside each batch's transaction (``pipeline.after_batch``); ``stored``
    after each batch is committed (the fusion schedule). ``stats`` (if given) gathers the
    words and prefilter figures of every batch.
    """
    report = IngestReport()
    done: set[str] = set(options.done)
    options = _without_done(options)
    seen = 0

    def finished(result: PartitionResult, part: int, size: int) -> None:
        nonlocal seen
        _absorb(store, result, part, report, done, options, after)
        if stored is not None:
            stored()
        if stats is not None:
            stats.words += result.words
            stats.filter.add(result.filter)
        seen += size
        if progress:
            progress(seen, report.failed)

    if workers <= 1:
        for part, chunk in enumerate(batched(items, batch_size)):
            finished(process_items(chunk, options, done), part, len(chunk))
        return report

    context = multiprocessing.get_context("spawn")
    in_flight: deque[tuple[int, int, Future]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for part, chunk in enumerate(batched(items, batch_size)):
            # Articles stored by an earlier batch are not sent again; a repeat inside the
            # batches in flight is caught by the loader (first occurrence wins).
            todo = [x for x in chunk if isinstance(x, Failure) or x.id not in done]
            skipped = len(chunk) - len(todo)
            in_flight.append((part, len(chunk), pool.submit(_work, todo, options, skipped)))
            while len(in_flight) > 2 * workers or (in_flight and in_flight[0][2].done()):
                done_part, size, future = in_flight.popleft()
                finished(future.result(), done_part, size)
        while in_flight:
            done_part, size, future = in_flight.popleft()
            finished(future.result(), done_part, size)
    return report


def _work(
    items: Sequence[Article | Failure], options: PartitionOptions, skipped: int
) -> PartitionResult:
    """What a pool worker runs (a module-level function, so it can be pickled)."""
    result = process_items(items, options)
    result.skipped += skipped
    return result


def _without_done(options: PartitionOptions) -> PartitionOptions:
    """The options without the (possibly large) ``done`` set: the local engine keeps it
    here and filters before sending work out."""
    from dataclasses import replace

    return replace(options, done=frozenset())
