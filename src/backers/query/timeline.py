"""Claims in time: counts per month and the dated claims themselves."""

from __future__ import annotations

from typing import Any

import duckdb

from backers.query.claims import CLAIM_COLUMNS
from backers.query.filters import CLAIM_DATE, CLAIMS_FROM, Filters, claim_where
from backers.store.db import row_dicts

# One pass over the filtered claims (their date computed once): the per-period counts, the
# undated ones (period NULL) and the ids of one page of the dated claims, oldest first.
# Three statements over a million claims took three times the claims' scan and date; the
# relations of a period are counted from its distinct pairs (a grouping), a quarter faster
# than count(DISTINCT ...) per period.
_ONE_PASS = """
WITH base AS MATERIALIZED (
    SELECT *, substr(date, 1, 7) AS period FROM (
        SELECT c.id, c.supporter, c.recipient, c.certainty, {date} AS date {base}
    )
), pairs AS (
    SELECT period, count(*) AS n
    FROM (SELECT DISTINCT period, supporter, recipient FROM base) GROUP BY period
), agg AS (
    SELECT period, count(*) AS claims, list_sort(array_agg(DISTINCT certainty)) AS certainties
    FROM base GROUP BY period
)
SELECT a.period, a.claims, p.n, a.certainties, NULL AS id
FROM agg a JOIN pairs p ON p.period IS NOT DISTINCT FROM a.period
UNION ALL
(SELECT NULL, NULL, NULL, NULL, id FROM base WHERE date IS NOT NULL
 ORDER BY date, supporter, recipient, id LIMIT ? OFFSET ?)
"""


def timeline(
    con: duckdb.DuckDBPyConnection, flt: Filters, *, limit: int, offset: int
) -> dict[str, Any]:
    """Per-month counts of all the filtered claims (``buckets``), and one page of the
    dated claims oldest first (``items``). Claims with no exact date (no ISO time, and a
    publication date that is unknown or relative) are counted in ``undated``, never
    placed on a guessed date."""
    where, params = claim_where(con, flt)
    base = f"FROM {CLAIMS_FROM} WHERE {where}"
    rows = con.execute(
        _ONE_PASS.format(date=CLAIM_DATE, base=base), [*params, int(limit), int(offset)]
    ).fetchall()
    buckets, undated, ids = [], 0, []
    for period, claims, pairs, certainties, cid in rows:
        if cid is not None:
            ids.append(cid)
        elif period is None:
            undated = claims
        else:
            buckets.append(
                {"period": period, "claims": claims, "relations": pairs,
                 "certainties": list(certainties)}
            )  # fmt: skip
    buckets.sort(key=lambda b: b["period"])
    total = sum(b["claims"] for b in buckets)
    items = (
        row_dicts(
            con.execute(
                f"SELECT {CLAIM_COLUMNS} {base} AND list_contains(?::VARCHAR[], c.id)"
                f" ORDER BY {CLAIM_DATE}, c.supporter, c.recipient, c.id",
                [*params, ids],
            )
        )
        if ids
        else []
    )
    return {"buckets": buckets, "undated": undated, "items": items, "total": total}
