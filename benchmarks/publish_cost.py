"""What one publication of a snapshot costs (backers.serve.snapshot), by the store's size.

Publishing copies the whole store file while holding its read lock (a writer in another
process waits that long), opens the copy and warms it. This times ``--rounds``
publications of a store (copied first, never written): the copy, the open, and the
interval the publisher then keeps before the next one (``Snapshots.interval``).

    python benchmarks/publish_cost.py build/corpus.duckdb build/synth.duckdb
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from backers.serve.snapshot import Snapshots
from backers.store import Store


def publish_cost(store: Path, rounds: int = 5) -> dict:
    """Median copy and open seconds of ``rounds`` forced publications of a copy of ``store``."""
    with tempfile.TemporaryDirectory(prefix="backers-publish-") as tmp:
        db = Path(tmp) / store.name
        shutil.copyfile(store, db)
        started = time.perf_counter()
        snapshots = Snapshots(Store(db), every=0, watch=False)
        first = time.perf_counter() - started
        try:
            for _ in range(rounds):
                snapshots.publish()
            timings = snapshots.timings[-rounds:]
            interval = snapshots.interval()
        finally:
            snapshots.close()
    copy = statistics.median(t["copy_s"] for t in timings)
    return {
        "store": str(store),
        "mb": round(db_size(store) / 1e6, 1),
        "rounds": rounds,
        "first_publication_s": round(first, 3),
        "copy_s": round(copy, 3),
        "open_s": round(statistics.median(t["open_s"] for t in timings), 4),
        "copy_mb_per_s": round(db_size(store) / 1e6 / copy, 0) if copy else None,
        "publisher_interval_s": round(interval, 2),
        "load_average": round(os.getloadavg()[0], 2),
    }


def db_size(store: Path) -> int:
    wal = store.with_name(store.name + ".wal")
    return store.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("build/publish_cost.json"))
    args = parser.parse_args(argv)
    results = [publish_cost(store, args.rounds) for store in args.stores]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    for r in results:
        print(
            f"{r['mb']:>8} MB  copy {r['copy_s']:.3f} s ({r['copy_mb_per_s']} MB/s)  open"
            f" {r['open_s']:.4f} s  publisher interval {r['publisher_interval_s']} s"
            f"  load {r['load_average']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
