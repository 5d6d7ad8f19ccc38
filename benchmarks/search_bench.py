"""Full-text search over the AllSides feed (37,524 articles): index build and query latency.

The store is the feed ingested with ``--no-extract`` (articles read and stored, no NLP), or
the bench's full-feed ingest store when one with every article exists already; the index is
built by ingest's own hook as the batches land, then once more from the stored documents
(``backers search --reindex``) to time a build on its own. Queries are two words taken from
the feed's own titles (a fixed seed), run through ``backers.query.search.search`` exactly as
``/api/search`` does (ranking, passages, claims of the hits), 20 hits a page.

    python benchmarks/search_bench.py ../shared/corpus/allsides.jsonl.gz --work build
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import subprocess
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


def store_for(feed: Path, work: Path) -> tuple[Path, dict[str, Any]]:
    """A store holding the whole feed: the bench's own full ingest if there is one, else
    one ingested here without extraction (kept for the next run)."""
    for candidate in (work / "sample.duckdb", work / "search.duckdb"):
        if _stored(candidate) >= FEED_ARTICLES * 0.99:
            return candidate, {"store": str(candidate), "reused": True}
    db = work / "search.duckdb"
    for stale in (db, Path(f"{db}.wal"), Path(f"{db}.search.sqlite")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    backers = Path(sys.executable).parent / "backers"
    cmd = [str(backers), "ingest", str(feed), "--no-extract", "--db", str(db)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some inputs failed, named on stderr
        raise RuntimeError(f"ingest failed: {done.stderr[-500:]}")
    return db, {"store": str(db), "reused": False, "ingest_no_extract_s": round(seconds, 1)}


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
    from backers.store.search_index import index_for, rebuild

    work.mkdir(parents=True, exist_ok=True)
    db, result = store_for(feed, work)
    store = Store(db)
    started = time.perf_counter()
    built = rebuild(store)
    result["index_build_s"] = round(time.perf_counter() - started, 1)
    result["indexed"] = built["added"]
    index = index_for(store)
    result["index_mb"] = round(Path(index.path).stat().st_size / 1e6, 1)
    asked = queries(feed, n)
    with store.read() as con:
        for q in asked[:5]:
            search(con, index, q)  # warm the caches once
        times, hits = [], []
        for q in asked:
            t0 = time.perf_counter()
            found = search(con, index, q, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
            hits.append(found["total"])
        phrase = []
        for q in asked[: n // 2]:
            t0 = time.perf_counter()
            search(con, index, f'"{q}"', limit=20)
            phrase.append((time.perf_counter() - t0) * 1000)
    result["two_words"] = _summary(times)
    result["two_words"]["median_hits"] = statistics.median(hits)
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
