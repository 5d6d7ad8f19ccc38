"""Amounts pledged and delivered, per supporter and period, like the Kiel tracker; and the
sentences behind every figure.

Sums follow three rules, the same on every surface (CLI, API, page):

- **per currency**: amounts in different currencies are never added, and nothing is
  converted; a figure restating another in a second currency ("90 billion euros
  ($106bn)") is kept but never added;
- **each figure once**: the same figure (value, unit, currency) for the same supporter,
  recipient and status in the same period counts once, however many articles report it;
- **what a claim asserts**: denied claims are left out (unless ``certainty`` asks for
  them), figures with no value ("a lot of") are listed but not added, and a lower bound,
  range or vague amount adds its lower end, so a total marked approximate is "at least".

Claims are narrowed by the one filter builder (:func:`backers.query.filters.claim_where`):
current document versions only, actor names resolved.
"""

from __future__ import annotations

from typing import Any

import duckdb

from backers.query.claims import CLAIM_COLUMNS
from backers.query.filters import CLAIM_DATE, CLAIMS_FROM, Filters, claim_where
from backers.store.db import row_dicts

BY = ("year", "month", "supporter")
FORMATS = ("table", "jsonl", "csv")
# Statuses shown side by side when no status is asked for.
SHOWN = ("pledged", "delivered")
UNDATED = "undated"
_PERIOD = {
    "year": f"coalesce(substr({CLAIM_DATE}, 1, 4), '{UNDATED}')",
    "month": f"coalesce(substr({CLAIM_DATE}, 1, 7), '{UNDATED}')",
    "supporter": "'all'",
}


# One sentence gives this figure to several supporters together ("Sweden, Poland and France
# delivered $2.4 billion"): the extractor reads a claim per supporter, each with the whole.
_JOINT = (
    "EXISTS (SELECT 1 FROM claims o JOIN amounts b ON b.claim_id = o.id"
    " WHERE o.article_id = c.article_id AND o.start = c.start AND o.status = c.status"
    " AND o.supporter <> c.supporter AND b.value = a.value AND b.unit = a.unit"
    " AND b.currency IS NOT DISTINCT FROM a.currency)"
)


def _which(currency: str | None, unit: str | None) -> tuple[list[str], list[Any]]:
    """Conditions on the amount (alias a): its currency and unit."""
    conds, params = [], []
    for column, value in (("currency", currency), ("unit", unit)):
        if value:
            conds.append(f"a.{column} = ?")
            params.append(value)
    return conds, params


def _figures(
    con: duckdb.DuckDBPyConnection,
    flt: Filters,
    by: str,
    currency: str | None,
    unit: str | None,
) -> tuple[str, list[Any]]:
    """SQL of the figures the filters keep (one row per claim and figure), and params."""
    where, params = claim_where(con, flt)
    more = ["a.role = 'amount'", "a.value IS NOT NULL"]
    if not flt.certainty:
        more.append("c.certainty <> 'denied'")
    which, which_params = _which(currency, unit)
    more += which
    params += which_params
    sql = (
        "SELECT c.id AS claim_id, c.supporter, c.recipient, c.status, a.unit, a.currency,"
        f' a.value, a."precision", a.written, {_PERIOD[by]} AS period, {_JOINT} AS joint'
        f" FROM {CLAIMS_FROM} JOIN amounts a ON a.claim_id = c.id"
        f" WHERE {where} AND {' AND '.join(more)}"
    )
    return sql, params


def totals(
    con: duckdb.DuckDBPyConnection,
    flt: Filters,
    *,
    by: str = "year",
    currency: str | None = None,
    unit: str | None = "money",
) -> dict[str, Any]:
    """Per supporter, period (year, month, or all time for ``by="supporter"``), unit and
    currency: the total of each status, how many distinct figures and which claims it
    comes from, whether any figure in it is not exact, and whether one is ``joint`` (given
    in one sentence to several supporters together, so not this supporter's alone).

    ``{"rows": [{"supporter", "period", "unit", "currency", "statuses": {status: {"total",
    "figures", "claims", "approximate", "joint"}}}], "statuses": [...], "currencies": [...]}``.
    """
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}")
    figures, params = _figures(con, flt, by, currency, unit)
    keys = "supporter, period, unit, coalesce(currency, '') AS currency, status"
    cur = con.execute(
        f"WITH f AS ({figures}),"
        f" once AS (SELECT {keys}, recipient, value, bool_or(\"precision\" <> 'exact') AS approx,"
        "  bool_or(joint) AS joint FROM f GROUP BY ALL),"
        " sums AS (SELECT supporter, period, unit, currency, status, sum(value) AS total,"
        "  count(*) AS figures, bool_or(approx) AS approximate, bool_or(joint) AS joint"
        "  FROM once GROUP BY ALL),"
        f" ids AS (SELECT {keys}, list(DISTINCT claim_id ORDER BY claim_id) AS claims"
        "  FROM f GROUP BY ALL)"
        " SELECT s.*, i.claims FROM sums s JOIN ids i USING (supporter, period, unit,"
        " currency, status) ORDER BY s.supporter, s.period, s.unit, s.currency, s.status",
        params,
    )
    rows: dict[tuple, dict[str, Any]] = {}
    statuses: set[str] = set()
    for r in row_dicts(cur):
        key = (r["supporter"], r["period"], r["unit"], r["currency"])
        row = rows.setdefault(
            key,
            {
                "supporter": r["supporter"],
                "period": None if by == "supporter" else r["period"],
                "unit": r["unit"],
                "currency": r["currency"] or None,
                "statuses": {},
            },
        )
        statuses.add(r["status"])
        row["statuses"][r["status"]] = {
            "total": r["total"],
            "figures": r["figures"],
            "approximate": bool(r["approximate"]),
            "joint": bool(r["joint"]),
            "claims": list(r["claims"]),
        }
    shown = [flt.status] if flt.status else list(SHOWN)
    shown += sorted(statuses - set(shown)) if not flt.status else []
    return {
        "by": by,
        "unit": unit,
        "currency": currency,
        "statuses": shown,
        "currencies": sorted({r["currency"] for r in rows.values() if r["currency"]}),
        "rows": list(rows.values()),
    }


def figures(
    con: duckdb.DuckDBPyConnection,
    claim_ids: list[str],
    *,
    currency: str | None = None,
    unit: str | None = None,
) -> list[dict[str, Any]]:
    """The claims behind a total, each with its sentence, outlet, date and the figures
    read from its quantity (written form, value, currency, unit, precision)."""
    if not claim_ids:
        return []
    more, params = _which(currency, unit)
    params = [claim_ids, *params]
    cond = "".join(f" AND {m}" for m in more)
    return row_dicts(
        con.execute(
            f"SELECT {CLAIM_COLUMNS}, list({{'written': a.written, 'value': a.value,"
            " 'currency': a.currency, 'unit': a.unit, 'noun': a.noun,"
            " 'precision': a.\"precision\", 'role': a.role} ORDER BY a.part) AS amounts"
            f" FROM {CLAIMS_FROM} JOIN amounts a ON a.claim_id = c.id"
            f" WHERE c.id IN (SELECT unnest(?::VARCHAR[])){cond}"
            f" GROUP BY ALL ORDER BY {CLAIM_DATE} NULLS LAST, c.id",
            params,
        )
    )


def currencies(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The currencies stored amounts are written in (for choices and suggestions)."""
    rows = con.execute(
        "SELECT DISTINCT currency FROM amounts WHERE currency IS NOT NULL ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def format_total(cell: dict[str, Any] | None, unit: str, currency: str | None) -> str:
    """ "USD 1.7 billion" or "~2,400 personnel": ``~`` when a figure in it is not exact
    (then the total is at least this much)."""
    if not cell:
        return ""
    total = cell["total"]
    mark = "~" if cell["approximate"] else ""
    joint = " †" if cell.get("joint") else ""
    if unit == "money":
        return f"{mark}{currency or '?'} {human(total)}{joint}"
    return f"{mark}{human(total)} {unit}{joint}"


def human(value: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:,.3g} {word}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
