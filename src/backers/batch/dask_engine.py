"""The Dask runner: a thin adapter that maps ``process_partition`` over a cluster.

Each task reads, cleans and extracts one partition and writes its Parquet shards; only small
statistics travel back. The client loads each partition's shards into the store (DuckDB has
one writer) as soon as it and every partition before it are done, in input order, each in
one transaction with the fusion hook, as the local engine loads a batch: the client's load
overlaps the workers' parsing instead of following it. Without a scheduler address a
``LocalCluster`` of worker processes with one thread each is started, since spaCy holds the
GIL for most of its work.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backers.batch.load import load_parts
from backers.batch.partition import InputRef, PartitionOptions
from backers.batch.plan import plan_partitions
from backers.batch.process import process_partition
from backers.batch.shards import filesystem, write_shards
from backers.batch.version import extractor_version
from backers.errors import BackersError
from backers.store import Store
from backers.store.load import FuseHook, IngestReport

ProgressFn = Callable[[int, int], None]


class ClusterError(BackersError):
    """The cluster could not be reached or a partition failed unexpectedly."""

    code = "cluster"


@dataclass
class PartitionStats:
    """What one task reports back: counts, time and the worker's memory."""

    part: int
    articles: int
    claims: int
    failures: int
    skipped: int
    words: int
    seconds: float
    cpu_seconds: float  # CPU time of the task: unlike wall time, not inflated by other load
    peak_rss: int  # bytes, the worker process's peak resident memory so far
    worker_pid: int


@dataclass
class RunStats:
    """Figures of a whole cluster run, for benchmarks and the closing summary."""

    partitions: list[PartitionStats] = field(default_factory=list)
    plan_seconds: float = 0.0
    cluster_seconds: float = 0.0
    process_seconds: float = 0.0  # from the first task sent to the last one done
    load_seconds: float = 0.0  # the client's loading, most of it while workers parse
    tail_seconds: float = 0.0  # loading left after the last task was done (not overlapped)
    loads: int = 0  # transactions the partitions were loaded in
    run_dir: str = ""

    def cpu_by_worker(self) -> dict[int, float]:
        busy: dict[int, float] = {}
        for p in self.partitions:
            busy[p.worker_pid] = busy.get(p.worker_pid, 0.0) + p.cpu_seconds
        return busy

    def peak_rss_by_worker(self) -> dict[int, int]:
        peaks: dict[int, int] = {}
        for p in self.partitions:
            peaks[p.worker_pid] = max(peaks.get(p.worker_pid, 0), p.peak_rss)
        return peaks


def peak_rss() -> int:
    """Peak resident memory of this process in bytes.

    Linux's VmHWM belongs to the process's own address space; ``ru_maxrss`` survives
    ``execve``, so a process started by a big parent would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def run_partition(
    inputs: list[InputRef], options: PartitionOptions, part: int, root: str
) -> PartitionStats:
    """The task a worker runs: process one partition and write its shards."""
    started = time.perf_counter()
    cpu = time.process_time()
    result = process_partition(inputs, options)
    write_shards(result, part, root)
    return PartitionStats(
        part=part,
        articles=len(result.articles),
        claims=len(result.claims),
        failures=len(result.failures),
        skipped=result.skipped,
        words=result.words,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu,
        peak_rss=peak_rss(),
        worker_pid=os.getpid(),
    )


def default_shards_root(store: Store) -> str:
    """Beside the store file, so the loader and local workers share it without setup."""
    if store.path == ":memory:":
        import tempfile

        return tempfile.mkdtemp(prefix="backers-shards-")
    return str(Path(store.path).with_name(Path(store.path).name + ".shards"))


# Dask's statistical profiler samples every worker's stack every 10 ms; on spaCy's deep
# stacks it cost about a sixth more CPU per parse (a 30-article parse in a one-worker
# LocalCluster, alternated runs: 16.4 against 14.0 CPU-s). Workers started here run without it;
# docs/dask.md says how to switch it off on the workers of a cluster.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def _client(workers: int, scheduler: str | None):
    """A client of the given scheduler, or of a new LocalCluster (returned to close it)."""
    import dask
    from distributed import Client, LocalCluster

    try:
        if scheduler:
            return Client(scheduler, timeout="30s"), None
        with dask.config.set(WORKER_CONFIG):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        return Client(cluster), cluster
    except (OSError, TimeoutError) as error:
        where = scheduler or "a local cluster"
        raise ClusterError(f"cannot start or reach {where}: {error}") from error


def run_dask(
    paths: Sequence[str],
    store: Store,
    *,
    options: PartitionOptions,
    workers: int | None = None,
    scheduler: str | None = None,
    shards: str | None = None,
    keep_shards: bool = False,
    partition_bytes: int | None = None,
    progress: ProgressFn | None = None,
    after: FuseHook | None = None,
    stats: RunStats | None = None,
    stored: Callable[[], None] | None = None,
) -> IngestReport:
    """Process ``paths`` on a Dask cluster and load the result into ``store``.

    ``options`` are the run's per-document options (``backers.pipeline.options_for``: the
    extractor version, None to store articles only, and the ids already done). Each
    partition is loaded in its own transaction, in input order, with ``after`` inside it;
    ``stored`` runs after each (the fusion schedule). Returns the
    :class:`~backers.store.load.IngestReport`; ``stats`` (if given) is filled in.
    """
    stats = stats if stats is not None else RunStats()
    workers = workers or os.cpu_count() or 1
    extractor = options.extractor
    t0 = time.perf_counter()
    partitions = plan_partitions(paths, workers=workers, target_bytes=partition_bytes)
    stats.plan_seconds = time.perf_counter() - t0
    root = shards or default_shards_root(store)
    run_dir = f"{root.rstrip('/')}/run-{dt.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    stats.run_dir = run_dir

    t0 = time.perf_counter()
    client, cluster = _client(workers, scheduler)
    stats.cluster_seconds = time.perf_counter() - t0
    try:
        _check_workers(client, extractor)
        loader = _Loader(store, run_dir, stats, after, stored, progress)
        _map(client, partitions, options, run_dir, loader)
        result = loader.report
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if not keep_shards:
        _remove(run_dir)
        if shards is None:
            _remove_if_empty(root)
    return result


def worker_versions() -> dict[str, str | None]:
    """What a worker would record: run on every worker before any partition is sent."""
    return {"extractor": extractor_version()}


def _check_workers(client: Any, extractor: str | None) -> None:
    """Refuse a cluster whose workers run another extractor than this client: their claims
    would be stored under a version that did not make them."""
    try:
        client.wait_for_workers(1, timeout=60)
    except TimeoutError as error:
        raise ClusterError(
            "the cluster has no workers after 60 s; start some with: dask worker ADDRESS"
        ) from error
    if extractor is None:
        return
    found = client.run(worker_versions)
    other = {w: v["extractor"] for w, v in found.items() if v["extractor"] != extractor}
    if other:
        worker, version = next(iter(other.items()))
        raise ClusterError(
            f"worker {worker} runs extractor {version!r}, this client {extractor!r}; install "
            "the same backers version on every machine (docs/dask.md)"
        )


class _Loader:
    """Loads finished partitions in input order while the others still run: partition
    ``i`` is loaded once it and every partition before it are done (the loader's rules,
    first occurrence wins and versions count up, follow input order). Partitions that are
    ready together are loaded together, in one transaction: each load has a fixed cost, so
    a client that falls behind catches up in fewer, larger loads."""

    def __init__(
        self,
        store: Store,
        run_dir: str,
        stats: RunStats,
        after: FuseHook | None,
        stored: Callable[[], None] | None,
        progress: ProgressFn | None,
    ) -> None:
        self.store, self.run_dir, self.stats = store, run_dir, stats
        self.after, self.stored, self.progress = after, stored, progress
        self.report = IngestReport()
        self.waiting: dict[int, PartitionStats] = {}
        self.next = 0
        self.seen = 0

    def done(self, part: PartitionStats) -> None:
        """A partition is done: load it and whatever it was holding back."""
        self.stats.partitions.append(part)
        self.waiting[part.part] = part
        ready: list[PartitionStats] = []
        while self.next in self.waiting:
            ready.append(self.waiting.pop(self.next))
            self.next += 1
        if not ready:
            return
        started = time.perf_counter()
        self.report.add(
            load_parts(
                self.store,
                self.run_dir,
                [p.part for p in ready],
                skipped=sum(p.skipped for p in ready),
                after=self.after,
            )
        )
        self.stats.loads += 1
        if self.stored is not None:
            self.stored()
        self.stats.load_seconds += time.perf_counter() - started
        self.seen += sum(p.articles + p.skipped + p.failures for p in ready)
        if self.progress:
            self.progress(self.seen, self.report.failed)


def _map(
    client: Any,
    partitions: list[list[InputRef]],
    options: PartitionOptions,
    run_dir: str,
    loader: _Loader,
) -> None:
    """Run every partition on the cluster, handing each to ``loader`` as it completes."""
    from distributed import as_completed

    if not partitions:
        return
    # Sent once to every worker rather than once per task: ``done`` may be large.
    shared = client.scatter(options, broadcast=True)
    started = time.perf_counter()
    futures = [
        client.submit(run_partition, refs, shared, i, run_dir, key=f"partition-{i}-{run_dir}")
        for i, refs in enumerate(partitions)
    ]
    finished = 0
    for future in as_completed(futures):
        try:
            part = future.result()
        except Exception as error:
            for other in futures:
                other.cancel()
            raise ClusterError(
                f"a partition failed ({type(error).__name__}: {error}); the first {loader.next} "
                f"partitions are stored (a new run skips them); shards so far are "
                f"in {run_dir}"
            ) from error
        finished += 1
        if finished == len(futures):
            loader.stats.process_seconds = time.perf_counter() - started
        loader.done(part)
    loader.stats.tail_seconds = time.perf_counter() - started - loader.stats.process_seconds
    loader.stats.partitions.sort(key=lambda p: p.part)


def _remove_if_empty(folder: str) -> None:
    try:
        os.rmdir(folder)
    except OSError:
        pass


def _remove(run_dir: str) -> None:
    fs, path = filesystem(run_dir)
    if "://" not in run_dir:
        shutil.rmtree(path, ignore_errors=True)
        return
    try:
        fs.delete_dir(path)
    except OSError:
        pass
