"""Run one ingest into a fresh store and print its figures as JSON (used by run.py).

Each engine is measured in its own fresh process, so neither inherits a loaded model or a
warm cache from the other or from the benchmark itself.

    python benchmarks/ingest_once.py INPUT... --db build/x.duckdb --engine dask --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--db", required=True)
    parser.add_argument("--engine", default="local", choices=("local", "dask"))
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--partition-bytes", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    args = parser.parse_args(argv)

    import resource

    import psutil

    from backers.batch.dask_engine import RunStats, peak_rss
    from backers.pipeline import ingest
    from backers.store import Store

    for stale in (Path(args.db), Path(args.db + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    cpu_started = time.process_time()
    store = Store(args.db)
    if args.engine == "dask":
        # Call the runner directly for its per-partition figures; pipeline.ingest wraps
        # the same call.
        from backers.batch.dask_engine import run_dask
        from backers.pipeline import after_batch, fusion_schedule, options_for

        stats = RunStats()
        loaded = run_dask(
            args.paths,
            store,
            options=options_for(store.init().known_articles()),
            workers=args.workers,
            partition_bytes=args.partition_bytes,
            after=after_batch,
            stats=stats,
        )
        t0 = time.perf_counter()
        fusion_schedule(store).now()
        fuse_seconds = time.perf_counter() - t0
        seconds = time.perf_counter() - started
        figures = {
            "stored": loaded.stored,
            "claims": loaded.claims,
            "failed": len(loaded.failures),
            "partitions": len(stats.partitions),
            "plan_seconds": stats.plan_seconds,
            "cluster_start_seconds": stats.cluster_seconds,
            "process_seconds": stats.process_seconds,
            "load_seconds": stats.load_seconds,
            "tail_seconds": stats.tail_seconds,
            "loads": stats.loads,
            "fuse_seconds": fuse_seconds,
            "words": sum(p.words for p in stats.partitions),
            "partition_seconds": [round(p.seconds, 3) for p in stats.partitions],
            "worker_cpu_seconds": {str(k): v for k, v in stats.cpu_by_worker().items()},
            "worker_peak_rss": {str(k): v for k, v in stats.peak_rss_by_worker().items()},
        }
    else:
        report = ingest(args.paths, store, workers=args.workers, batch_size=args.batch_size)
        seconds = time.perf_counter() - started
        figures = {
            "stored": report.stored,
            "claims": report.claims,
            "failed": report.failed,
            "fusions": report.fuse.get("fusions", 0),
            "fuse_seconds": report.fuse.get("seconds", 0.0),
        }
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures.update(
        engine=args.engine,
        workers=args.workers,
        seconds=seconds,
        client_cpu_seconds=time.process_time() - cpu_started,
        client_peak_rss=peak_rss(),
        # Pool workers (local engine, --workers > 1) once they have exited: their CPU time
        # and the largest one's peak memory (Linux reports ru_maxrss in KiB).
        children_cpu_seconds=children.ru_utime + children.ru_stime,
        children_peak_rss=children.ru_maxrss * 1024,
        client_rss=psutil.Process(os.getpid()).memory_info().rss,
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
