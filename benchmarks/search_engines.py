"""The measurement behind the choice of SQLite FTS5 for search: FTS5 against tantivy (and
DuckDB's fts extension, where it loads), side by side in one run, on the same records.

Both engines index the records of a JSONL feed straight from the file (title and text; no
store, no NLP) and answer the same two-word queries (``search_bench.queries``): the 20 best
by BM25 and how many match. tantivy is not a dependency of backers; this script measures it
only where it is installed (``pip install tantivy`` in a scratch environment) and says so
otherwise. DuckDB's fts extension is tried from the PyPI package ``duckdb-ext-fts`` only,
never downloaded.

    python benchmarks/search_engines.py ../shared/corpus/allsides.jsonl.gz --work build
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from search_bench import _summary, queries  # noqa: E402


def records(feed: Path) -> Iterator[tuple[int, str, str]]:
    with gzip.open(feed, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            rec = json.loads(line)
            yield i, rec.get("title") or "", rec.get("text") or ""


def fts5(feed: Path, work: Path, asked: list[str], reuse: bool = False) -> dict[str, Any]:
    from backers.store.search_index import SearchIndex

    path = work / "engines-fts5.sqlite"
    built = None
    if path.exists() and reuse:
        index = SearchIndex(str(path))
        return _fts5_queries(index, path, asked, built)
    for stale in work.glob("engines-fts5.sqlite*"):
        stale.unlink()
    index = SearchIndex(str(path))
    t0 = time.perf_counter()
    with index.connect() as con:
        con.execute("BEGIN")
        for i, title, text in records(feed):
            con.execute(
                "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)", [i + 1, title, text]
            )
        con.execute("COMMIT")
        con.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    built = round(time.perf_counter() - t0, 1)
    return _fts5_queries(index, path, asked, built)


def _fts5_queries(index: Any, path: Path, asked: list[str], built: float | None) -> dict:
    from backers.query.search import parse
    from backers.store.search_index import RANK

    times = []
    with index.connect() as con:
        con.execute("INSERT OR REPLACE INTO fts (fts, rank) VALUES ('rank', ?)", [RANK])
        for q in asked:
            expr = parse(q).expression
            t0 = time.perf_counter()
            con.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", [expr]).fetchone()
            con.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20", [expr]
            ).fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    index.close()
    return {
        "build_s": built,
        "mb": round(path.stat().st_size / 1e6, 1),
        **_summary(times),
    }


def tantivy(feed: Path, work: Path, asked: list[str]) -> dict[str, Any]:
    try:
        import tantivy as tv
    except ImportError:
        return {"skipped": "tantivy is not installed here (pip install tantivy to measure it)"}
    folder = work / "engines-tantivy"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    schema = tv.SchemaBuilder()
    schema.add_text_field("title", stored=True)
    schema.add_text_field("body", stored=False)
    schema.add_integer_field("n", stored=True, indexed=True)
    index = tv.Index(schema.build(), path=str(folder))
    t0 = time.perf_counter()
    writer = index.writer()
    for i, title, text in records(feed):
        writer.add_document(tv.Document(n=i, title=title, body=text))
    writer.commit()
    writer.wait_merging_threads()
    built = time.perf_counter() - t0
    index.reload()
    searcher = index.searcher()
    times = []
    for q in asked:
        t0 = time.perf_counter()
        query = index.parse_query(q, ["title", "body"], conjunction_by_default=True)
        found = searcher.search(query, 20, count=True)
        found.hits, found.count  # noqa: B018
        times.append((time.perf_counter() - t0) * 1000)
    size = sum(p.stat().st_size for p in folder.iterdir())
    return {"build_s": round(built, 1), "mb": round(size / 1e6, 1), **_summary(times)}


def duckdb_fts() -> dict[str, Any]:
    import duckdb

    try:
        import duckdb_ext  # the package duckdb-ext-fts installs
    except ImportError:
        return {"skipped": "duckdb-ext-fts is not installed"}
    found = list(Path(duckdb_ext.__path__[0]).rglob("fts.duckdb_extension"))
    try:
        duckdb.connect().execute(f"LOAD '{found[0]}'")
    except (duckdb.Error, IndexError) as err:
        return {"skipped": f"does not load in DuckDB {duckdb.__version__}: {str(err)[:200]}"}
    return {"loads": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feed", type=Path)
    parser.add_argument("--work", type=Path, default=Path("build"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="query the FTS5 file of a run before")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    asked = queries(args.feed, args.queries)
    result = {
        "fts5": fts5(args.feed, args.work, asked, args.reuse),
        "tantivy": tantivy(args.feed, args.work, asked),
        "duckdb_fts": duckdb_fts(),
    }
    if "p50_ms" in result["tantivy"]:
        result["fts5_over_tantivy_p50"] = round(
            result["fts5"]["p50_ms"] / max(result["tantivy"]["p50_ms"], 1e-6), 2
        )
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
