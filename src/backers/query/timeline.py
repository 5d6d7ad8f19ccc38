"""Claims in time: counts per month and the dated claims themselves."""

from __future__ import annotations

from typing import Any

import duckdb

from backers.query.claims import CLAIM_COLUMNS
from backers.query.filters import CLAIM_DATE, CLAIMS_FROM, Filters, claim_where
from backers.store.db import row_dicts


def timeline(
    con: duckdb.DuckDBPyConnection, flt: Filters, *, limit: int, offset: int
) -> dict[str, Any]:
    """Per-month counts of all the filtered claims (``buckets``), and one page of the
    dated claims oldest first (``items``). Claims with no exact date (no ISO time, and a
    publication date that is unknown or relative) are counted in ``undated``, never
    placed on a guessed date."""
    where, params = claim_where(con, flt)
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
    undated = con.execute(f"SELECT count(*) {base} AND {CLAIM_DATE} IS NULL", params).fetchone()[0]
    total = sum(b["claims"] for b in buckets)
    items = row_dicts(
        con.execute(
            f"SELECT {CLAIM_COLUMNS} {base} AND {CLAIM_DATE} IS NOT NULL"
            f" ORDER BY {CLAIM_DATE}, c.supporter, c.recipient, c.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    )
    return {"buckets": buckets, "undated": undated, "items": items, "total": total}
