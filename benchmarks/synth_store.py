"""A synthetic store for query-latency benchmarks: N claims written by DuckDB in bulk.

Not for accuracy: the texts are word salad and the actors are "State 001" ... "State 300".
What matters is the shape: a few actors are involved in most claims (a Zipf-like skew, as
Russia and Ukraine are in the news), a few spokespeople make most claims (the same skew
over ``claimants``), claims carry claimants, items, dates and every type,
status and certainty, and some documents are near-copies of others (wire stories), so
fusion has duplicates to find. Every row is made by one ``INSERT ... SELECT`` over
``range()``; no Python loop inserts rows.

    python benchmarks/synth_store.py build/synth.duckdb --claims 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from backers.records import CERTAINTIES, STATUSES, TYPES
from backers.store import Store


def zipf(n: int) -> str:
    """SQL drawing k in 1..n with probability ~ 1/k (Zipf, s=1): the inverse CDF of a
    log-uniform draw, floor(exp(random() * ln(n)))."""
    return f"least({n}, greatest(1, floor(exp(random() * ln({n})))::INT))"


def _sql_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def build(
    path: str | Path,
    *,
    claims: int = 1_000_000,
    documents: int | None = None,
    actors: int = 300,
    claimants: int = 2_000,
    seed: float = 0.42,
    fuse: bool = True,
) -> dict[str, float]:
    """Create a fresh store at ``path`` with ``claims`` claims over ``documents`` documents
    (default: one per 20 claims); run the fusion full rebuild when fusion is installed.
    Returns row counts and the seconds each step took."""
    path = Path(path)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    documents = documents or max(1, claims // 20)
    store = Store(path).init()
    timings: dict[str, float] = {"claims": claims, "documents": documents}
    started = time.perf_counter()
    with store.write() as con:
        con.execute(f"SELECT setseed({seed})")
        pick = zipf(actors)
        con.execute(
            f"""
            INSERT INTO documents (id, doc_id, version, source, url, title, outlet, author,
                published, published_precision, retrieved, text, sections, raw_hash,
                text_hash, meta)
            WITH base AS (
                SELECT i,
                       CASE WHEN i % 20 = 7 THEN i - 1 ELSE i END AS text_of,
                       DATE '2014-01-01' + (random() * 4000)::INT AS day
                FROM range({documents}) t(i)
            ), texts AS (
                SELECT i, day,
                       'Synthetic report ' || text_of || '. ' ||
                       array_to_string(list_transform(range(60), lambda x:
                           'w' || (hash(text_of, x) % 5000)::VARCHAR), ' ')
                       || '.' AS text
                FROM base
            )
            SELECT printf('s%015d', i), 'synth-' || i, 1, 'synth.jsonl:' || (i + 1),
                   'https://example.org/synth/' || i, 'Synthetic report ' || i,
                   'Outlet ' || (i % 40), NULL, strftime(day, '%Y-%m-%d'), 'day', NULL,
                   text,
                   '[{{"kind": "body", "start": 0, "end": ' || length(text) ||
                       ', "label": ""}}]',
                   md5(text), md5(text), '{{}}'
            FROM texts
            """
        )
        timings["documents_seconds"] = time.perf_counter() - started
        t0 = time.perf_counter()
        con.execute(
            f"""
            INSERT INTO claims (id, article_id, doc_id, supporter, recipient, type, status,
                certainty, claimant, claimant_affiliation, items, quantity, location, "time",
                evidence, sentence, start, "end", extractor)
            WITH base AS (
                SELECT i, doc, s, CASE WHEN r = s THEN r % {actors} + 1 ELSE r END AS r, who, u
                FROM (
                    SELECT i, (i % {documents}) AS doc, {pick} AS s, {pick} AS r,
                           {zipf(claimants)} AS who, random() AS u
                    FROM range({claims}) t(i)
                )
            )
            SELECT printf('c%015d', i), printf('s%015d', doc), 'synth-' || doc,
                   printf('State %03d', s),
                   printf('State %03d', r),
                   {_sql_list(TYPES)}[1 + (i % {len(TYPES)})],
                   {_sql_list(STATUSES)}[1 + ((i // 7) % {len(STATUSES)})],
                   {_sql_list(CERTAINTIES)}[1 + ((i // 3) % {len(CERTAINTIES)})],
                   CASE WHEN u < 0.3 THEN NULL ELSE 'Spokesperson ' || who END,
                   CASE WHEN u < 0.3 THEN NULL ELSE printf('State %03d', 1 + who % {actors})
                   END,
                   CASE WHEN i % 3 = 0 THEN ['item ' || (i % 50)] ELSE [] END,
                   CASE WHEN i % 5 = 0 THEN (i % 90 + 10)::VARCHAR END,
                   NULL,
                   CASE WHEN i % 4 = 0 THEN (2014 + i % 10)::VARCHAR END,
                   NULL,
                   'State ' || s || ' supplied item ' || (i % 50) || ' to State ' || r || '.',
                   0, 40, 'synthetic'
            FROM base
            """
        )
        timings["claims_seconds"] = time.perf_counter() - t0
        con.execute(
            "INSERT INTO extractions (article_id, extractor, claims)"
            " SELECT article_id, 'synthetic', count(*) FROM claims GROUP BY article_id"
        )
    timings["relations"] = 0
    if fuse:
        try:
            from backers.fuse import update
        except ImportError:
            update = None
        if update is not None:
            t0 = time.perf_counter()
            with store.write() as con:
                stats = update(con, None)
            timings["fuse_seconds"] = time.perf_counter() - t0
            timings["relations"] = getattr(stats, "relations", 0)
    timings["seconds"] = time.perf_counter() - started
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="DuckDB file to create (replaced if it exists)")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=None)
    parser.add_argument("--actors", type=int, default=300)
    parser.add_argument("--no-fuse", action="store_true", help="skip the fusion rebuild")
    args = parser.parse_args(argv)
    result = build(
        args.path,
        claims=args.claims,
        documents=args.documents,
        actors=args.actors,
        fuse=not args.no_fuse,
    )
    for key, value in result.items():
        print(f"{key:>20}  {value:,.2f}" if isinstance(value, float) else f"{key:>20}  {value:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
