"""Full-text search over the AllSides feed (37,524 articles): index build and query latency.

The index is built from the stored documents of the bench's full-feed ingest store when
one exists (``make bench BENCH_ARGS=--full``; ``backers search --reindex`` does the same),
else straight from the feed's records into an index beside an empty store (no store
ingest, no NLP: reading the feed through ingest's cleaner and language detector alone
takes far longer than what is measured here). Queries are two words taken from
the feed's own titles (a fixed seed), run through ``backers.query.search.search`` exactly as
``/api/search`` does (ranking, passages, claims of the hits), 20 hits a page.

    python benchmarks/search_bench.py ../shared/corpus/allsides.jsonl.gz --work build
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

TARGET_P50_MS = 50.0
FEED_ARTICLES = 37_524
WORD = re.compile(r"^[A-Za-z][a-z]{3,}$")


def _stored(db: Path) -> int:
    import duckdb

    if not db.exists():
        return 0
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return 0
    try:
        return con.execute("SELECT count(*) FROM current_documents").fetchone()[0]
    except duckdb.Error:
        return 0
    finally:
        con.close()


def _records(feed: Path) -> Any:
    """The feed's records as the index takes them (ids as ingest would not give them:
    the record's own id; no cleaning, no NLP)."""
    from backers.store.search_index import Doc

    with gzip.open(feed, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield Doc(
                id=str(rec.get("id")),
                doc_id=str(rec.get("id")),
                title=rec.get("title"),
                text=rec.get("text") or "",
                outlet=rec.get("outlet"),
                published=rec.get("published"),
                url=rec.get("url"),
            )


def store_for(feed: Path, work: Path) -> tuple[Path, dict[str, Any]]:
    """A store to search: the bench's full-feed ingest store when there is one (its index
    rebuilt from the stored documents), else an empty store whose index is built straight
    from the feed's records (ingest of the whole feed takes far longer than the search
    it measures; the index never needs the NLP pipeline)."""
    from backers.store import Store
    from backers.store.search_index import build_from_records, index_for, rebuild

    for candidate in (work / "sample.duckdb",):
        if _stored(candidate) >= FEED_ARTICLES * 0.99:
            started = time.perf_counter()
            built = rebuild(Store(candidate))
            return candidate, {
                "store": str(candidate),
                "index_from": "stored documents",
                "index_build_s": round(time.perf_counter() - started, 1),
                "indexed": built["added"],
            }
    db = work / "search-feed.duckdb"
    for stale in work.glob("search-feed.duckdb*"):
        stale.unlink()
    store = Store(db).init()
    index = index_for(store)
    started = time.perf_counter()
    added = build_from_records(index, _records(feed))
    return db, {
        "store": str(db),
        "index_from": "records",
        "index_build_s": round(time.perf_counter() - started, 1),
        "indexed": added,
    }


def queries(feed: Path, n: int, seed: int = 12) -> list[str]:
    """``n`` two-word queries: adjacent words of ``n`` titles of the feed, picked at random."""
    titles = []
    with gzip.open(feed, "rt", encoding="utf-8") as fh:
        for line in fh:
            title = json.loads(line).get("title") or ""
            words = [w for w in re.split(r"[^\w']+", title) if WORD.match(w)]
            if len(words) >= 2:
                titles.append(words)
    rng = random.Random(seed)
    out = []
    for words in rng.sample(titles, n):
        i = rng.randrange(len(words) - 1)
        out.append(f"{words[i]} {words[i + 1]}")
    return out


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
        "max_ms": round(ordered[-1], 2),
    }


def run(feed: Path, work: Path, n: int = 200) -> dict[str, Any]:
    from backers.query.search import search
    from backers.store import Store
    from backers.store.search_index import index_for

    work.mkdir(parents=True, exist_ok=True)
    db, result = store_for(feed, work)
    store = Store(db)
    index = index_for(store)
    result["index_mb"] = round(Path(index.path).stat().st_size / 1e6, 1)
    asked = queries(feed, n)
    with store.read() as con:
        for q in asked[:5]:
            search(con, index, q)  # warm the caches once
        times, cpu, hits = [], [], []
        for q in asked:
            t0, c0 = time.perf_counter(), time.process_time()
            found = search(con, index, q, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            hits.append(found["total"])
        phrase = []
        for q in asked[: n // 2]:
            t0 = time.perf_counter()
            search(con, index, f'"{q}"', limit=20)
            phrase.append((time.perf_counter() - t0) * 1000)
    result["two_words"] = _summary(times)
    result["two_words"]["median_hits"] = statistics.median(hits)
    # CPU time of this process per query: on a machine shared by many, wall time also
    # counts the waits for a core (DuckDB's worker threads most of all).
    result["two_words"]["cpu_p50_ms"] = round(statistics.median(cpu), 2)
    result["two_words"]["cpu_p95_ms"] = round(sorted(cpu)[int(0.95 * len(cpu))], 2)
    result["load_average"] = os.getloadavg()
    result["two_words"]["examples"] = asked[:5]
    result["phrase"] = _summary(phrase)
    return result


def table_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Rows of ``run.py``'s table."""
    if "two_words" not in result:
        return []
    tw, ph = result["two_words"], result["phrase"]
    ok = "ok" if tw["p50_ms"] <= TARGET_P50_MS else "MISSED"
    return [
        (f"search index build, {result['indexed']:,} articles (s)", f"{result['index_build_s']}",
         "", f"{result['index_mb']} MB"),
        ("search two words p50 (ms)", f"{tw['p50_ms']:.1f}", "<= 50", ok),
        ("search two words p95 (ms)", f"{tw['p95_ms']:.1f}", "", ""),
        ("search two words CPU p50 / p95 (ms)", f"{tw['cpu_p50_ms']:.1f} / {tw['cpu_p95_ms']:.1f}",
         "", f"load {result['load_average'][0]:.1f}"),
        ("search phrase p50 / p95 (ms)", f"{ph['p50_ms']:.1f} / {ph['p95_ms']:.1f}", "", ""),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feed", type=Path)
    parser.add_argument("--work", type=Path, default=Path("build"))
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    result = run(args.feed, args.work, args.queries)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
