"""The workbench's three slow answers on the 1M-claim store, before and after, side by side.

Measured in one process on one store, alternating, each on a fresh connection (DuckDB's
buffers cold, as on a server's first request) and then again (warm), with the process's
per-fusion caches emptied before every cold run:

- the network page's first screen (``payloads.network_view``, no filter): before, the
  ranking of every pair was computed per request and the page's edges counted their
  claims again (``fused.graph`` without ``counted``); after, the ranking is kept per fusion
  (``network.prime``, what a server runs when it opens a snapshot) and the edges take the
  ranking's counts. Both the priming and the screen after it are timed;
- the first page (50 sentences) of the evidence of the best-sourced pair: before, every
  claim of the pair was read, grouped and sorted, then sliced; after, paged in SQL;
- the timeline's first page: before, three statements (the months, the undated, the
  page); after, one pass, then the page's rows.

    python benchmarks/workbench_before_after.py build/synth.duckdb
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from backers.query import actors, names, network, relations
from backers.query import fused as fusion
from backers.query.claims import CLAIM_COLUMNS, with_context
from backers.query.dating import describe_date
from backers.query.filters import CLAIM_DATE, CLAIMS_FROM, Filters, claim_where
from backers.query.timeline import timeline
from backers.query.why import why_line
from backers.serve.graph_params import View
from backers.store.db import row_dicts


def _forget() -> None:
    """Empty the process's per-fusion caches: a server that has just started."""
    network._RANKED.clear()
    actors._SOURCES.clear()
    names._ACTORS.clear()


# -- before: the code these replaced, kept here to measure against ----------------------
def network_before(con: duckdb.DuckDBPyConnection, limit: int = 300) -> dict[str, Any]:
    flt = Filters()
    ctes, params = network._relations(con, flt, None, None)
    ranked = con.execute(
        f"{ctes}, counts AS (SELECT supporter, recipient, count(DISTINCT source_key) AS n"
        " FROM matching GROUP BY ALL),"
        " pairs AS (SELECT DISTINCT supporter, recipient FROM rel)"
        " SELECT r.supporter, r.recipient, count(*) OVER () AS total"
        " FROM pairs r LEFT JOIN counts k USING (supporter, recipient)"
        " ORDER BY coalesce(k.n, 0) DESC, r.supporter, r.recipient LIMIT ? OFFSET 0",
        [*params, limit],
    ).fetchall()
    keys = [f"{s}\x1f{r}" for s, r, _ in ranked]
    found = fusion.graph(con, pairs=keys, most_claimants=network.MOST_LISTED)
    for edge in found["edges"]:
        edge["why"] = why_line(edge)
        network._trim(edge)
    nodes = network._nodes(con, flt, ctes, params, found["edges"])
    periods = network.periods(con, flt)
    return {"edges": found["edges"], "nodes": nodes, "periods": periods}


def network_after(con: duckdb.DuckDBPyConnection, limit: int = 300) -> dict[str, Any]:
    from backers.serve import payloads

    return payloads.network_view(con, Filters(), View(limit=limit))


def evidence_before(con: duckdb.DuckDBPyConnection, sup: str, rec: str) -> dict[str, Any]:
    found = fusion.relation_evidence(con, sup, rec)
    claims = found["claims"]
    for claim in claims:
        claim["dated"] = describe_date(claim)
    rows = relations.sentence_rows(claims)[:50]
    shown = {cid for row in rows for cid in row["claims"]}
    claims = [c for c in claims if c["id"] in shown]
    with_context(con, claims)
    with_context(con, rows)
    return {"sentences": rows, "claims": claims}


def evidence_after(con: duckdb.DuckDBPyConnection, sup: str, rec: str) -> dict[str, Any]:
    return relations.relation_evidence(con, sup, rec, limit=50, offset=0)


def timeline_before(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    where, params = claim_where(con, Filters())
    base = f"FROM {CLAIMS_FROM} WHERE {where}"
    buckets = row_dicts(
        con.execute(
            f"SELECT substr({CLAIM_DATE}, 1, 7) AS period, count(*) AS claims,"
            " count(DISTINCT c.supporter || '\x1f' || c.recipient) AS relations,"
            " list_sort(list_distinct(list(c.certainty))) AS certainties"
            f" {base} AND {CLAIM_DATE} IS NOT NULL GROUP BY period ORDER BY period",
            params,
        )
    )
    undated = con.execute(f"SELECT count(*) {base} AND {CLAIM_DATE} IS NULL", params).fetchone()
    items = row_dicts(
        con.execute(
            f"SELECT {CLAIM_COLUMNS} {base} AND {CLAIM_DATE} IS NOT NULL"
            f" ORDER BY {CLAIM_DATE}, c.supporter, c.recipient, c.id LIMIT 50 OFFSET 0",
            params,
        )
    )
    return {"buckets": buckets, "undated": undated[0], "items": items}


def timeline_after(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return timeline(con, Filters(), limit=50, offset=0)


# -- measuring ----------------------------------------------------------------------------
def _timed(store: Path, run: Callable[[duckdb.DuckDBPyConnection], Any], prime: bool) -> dict:
    _forget()
    con = duckdb.connect(str(store), read_only=True)
    try:
        out = {}
        if prime:
            started = time.perf_counter()
            network.prime(con)
            out["prime_s"] = round(time.perf_counter() - started, 3)
        for label in ("cold_s", "warm_s"):
            started = time.perf_counter()
            run(con)
            out[label] = round(time.perf_counter() - started, 3)
        return out
    finally:
        con.close()


def run(store: Path, rounds: int = 2) -> dict[str, Any]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        sup, rec = con.execute(
            "SELECT supporter, recipient FROM fuse_claims WHERE role = 'for'"
            " GROUP BY ALL ORDER BY count(DISTINCT source_key) DESC, supporter, recipient"
            " LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    cases = {
        "network first screen": (network_before, network_after, True),
        f"evidence page 1 ({sup} -> {rec})": (
            lambda c: evidence_before(c, sup, rec),
            lambda c: evidence_after(c, sup, rec),
            False,
        ),
        "timeline page 1": (timeline_before, timeline_after, False),
    }
    result: dict[str, Any] = {}
    for name, (before, after, primed) in cases.items():
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        for _ in range(rounds):  # alternating, so both see the same load
            runs["before"].append(_timed(store, before, prime=False))
            runs["after"].append(_timed(store, after, prime=primed))
        result[name] = runs
        print(f"  {name}: {json.dumps(runs)}", file=sys.stderr, flush=True)
    return result


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, value, target, note) rows for run.py's table: medians of the rounds
    (before -> after; the note is the ratio)."""
    out = []
    for name, runs in result.items():
        for phase in ("cold_s", "warm_s"):
            b = sorted(r[phase] for r in runs["before"])[len(runs["before"]) // 2]
            a = sorted(r[phase] for r in runs["after"])[len(runs["after"]) // 2]
            ratio = f"{b / a:.1f}x" if a else "-"
            out.append((f"{name[:40]}, {phase[:4]} (s)", f"{b:.2f} -> {a:.2f}", "", ratio))
        primes = [r["prime_s"] for r in runs["after"] if "prime_s" in r]
        if primes:
            out.append((f"{name[:40]}, server's priming (s)", f"{max(primes):.2f}", "", "info"))
    return out


if __name__ == "__main__":
    found = run(Path(sys.argv[1]))
    for row in rows(found):
        print("  ".join(row))
