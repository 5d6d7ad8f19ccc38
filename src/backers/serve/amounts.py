"""``/amounts`` (a table and a chart) and ``/api/amounts`` (JSON): pledged versus
delivered per supporter per period, per currency, each figure with the sentences behind
it. Both from one builder over :mod:`backers.query.amounts`; parameters are strict."""

from __future__ import annotations

import re
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from backers.amounts import UNITS
from backers.query import amounts as query
from backers.query import relations
from backers.query.filters import Filters
from backers.serve import payloads
from backers.serve.api import answer, read
from backers.serve.errors import ApiError
from backers.serve.pages import _as_json, render
from backers.serve.params import Page, _text, filters, page, strict

router = APIRouter(dependencies=[Depends(strict)])

CURRENCY = re.compile(r"^[A-Z]{3}$")
# The sentences a page shows under one figure; the API gives every claim id.
SENTENCES_SHOWN = 20


async def amount_params(
    by: Annotated[str, Query(max_length=20, description="year, month or supporter")] = "year",
    currency: Annotated[
        str | None, Query(max_length=10, description="ISO code: only amounts in it")
    ] = None,
    unit: Annotated[str, Query(max_length=20, description=f"{', '.join(UNITS)}, or all")] = "money",
    sentences: Annotated[
        bool, Query(description="Each row with the claims (sentences) behind it")
    ] = False,
) -> dict[str, Any]:
    """``by``, ``currency``, ``unit``, ``sentences``: checked, a bad value is a 400."""
    if by not in query.BY:
        raise ApiError(400, "bad-parameter", f"by must be one of: {', '.join(query.BY)}")
    if unit not in (*UNITS, "all"):
        raise ApiError(400, "bad-parameter", f"unit must be one of: {', '.join(UNITS)}, all")
    code = _text("currency", currency)
    if code is not None:
        code = code.upper()
        if not CURRENCY.match(code):
            raise ApiError(
                400, "bad-parameter", "currency must be an ISO code of three letters, e.g. EUR"
            )
    return {"by": by, "currency": code, "unit": unit, "sentences": sentences}


FilterDep = Annotated[Filters, Depends(filters)]
AmountDep = Annotated[dict[str, Any], Depends(amount_params)]
PageDep = Annotated[Page, Depends(page)]
Format = Annotated[str | None, Query(alias="format", max_length=10)]


def amounts_payload(
    con: duckdb.DuckDBPyConnection, flt: Filters, opts: dict[str, Any], pg: Page
) -> dict[str, Any]:
    """One page of rows (supporter, period, unit, currency, a total per status with its
    claim ids); with ``sentences``, the claims behind each row."""
    flt = relations.resolve(con, flt)
    for name in (flt.supporter, flt.recipient, flt.actor):
        if name and relations.resolve_actor(con, name) is None:
            close = relations.suggest_actors(con, name)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ApiError(404, "unknown-actor", f"no relation names an actor {name[:80]!r}{hint}")
    unit = None if opts["unit"] == "all" else opts["unit"]
    data = query.totals(con, flt, by=opts["by"], currency=opts["currency"], unit=unit)
    rows = data.pop("rows")
    page_rows = rows[pg.offset : pg.offset + pg.limit]
    if opts["sentences"]:
        for row in page_rows:
            ids = sorted({i for s in row["statuses"].values() for i in s["claims"]})
            row["sentences"] = query.figures(con, ids, currency=row["currency"], unit=row["unit"])
    nxt = pg.offset + pg.limit
    return {
        **data,
        "rows": page_rows,
        "total": len(rows),
        "limit": pg.limit,
        "offset": pg.offset,
        "next_offset": nxt if nxt < len(rows) else None,
        "filters": flt.as_params(),
        "known_currencies": query.currencies(con),
        "note": "sums are per currency; amounts in different currencies are never added",
    }


@router.get("/api/amounts", tags=["api"], summary="Pledged versus delivered per supporter")
async def api_amounts(request: Request, flt: FilterDep, opts: AmountDep, pg: PageDep) -> Response:
    """Totals per supporter and year (or month, or all time), per unit and currency, for
    each status, with the claim ids behind every figure (``sentences=true``: the claims
    themselves). Amounts in different currencies are never added."""
    return await answer(request, amounts_payload, flt, opts, pg)


@router.get("/amounts", include_in_schema=False)
@router.get("/amounts.json", include_in_schema=False)
def amounts_page(
    request: Request, flt: FilterDep, opts: AmountDep, pg: PageDep, fmt: Format = None
) -> Response:
    data = read(request, amounts_payload, flt, {**opts, "sentences": True}, pg)
    if not _as_json(request, fmt):
        data = _cells(data)
    return render(
        request,
        "amounts.html",
        data,
        fmt,
        vocab=payloads.vocabularies(),
        units=UNITS,
        by_choices=query.BY,
        chart=chart(data),
        shown=SENTENCES_SHOWN,
    )


def _cells(data: dict[str, Any]) -> dict[str, Any]:
    """For the page: each cell's label ("~EUR 1.2 billion") and its own sentences."""
    rows = []
    for row in data["rows"]:
        by_id = {c["id"]: c for c in row.get("sentences", [])}
        cells = {}
        for status, cell in row["statuses"].items():
            said = [by_id[i] for i in cell["claims"] if i in by_id][:SENTENCES_SHOWN]
            label = query.format_total(cell, row["unit"], row["currency"])
            cells[status] = {**cell, "label": label, "sentences": said}
        rows.append({**row, "statuses": cells})
    return {**data, "rows": rows}


def chart(data: dict[str, Any]) -> dict[str, Any] | None:
    """Bars of pledged and delivered money in one currency (the one asked for, else the
    one with the most rows), one group per row: never two currencies on one axis."""
    money = [r for r in data["rows"] if r["unit"] == "money" and r["currency"]]
    if not money:
        return None
    counts: dict[str, int] = {}
    for r in money:
        counts[r["currency"]] = counts.get(r["currency"], 0) + 1
    currency = data.get("currency") or max(sorted(counts), key=lambda c: counts[c])
    rows = [r for r in money if r["currency"] == currency]
    statuses = [s for s in data["statuses"] if s in ("pledged", "delivered")] or data["statuses"]
    peak = max(
        (r["statuses"][s]["total"] for r in rows for s in statuses if s in r["statuses"]),
        default=0,
    )
    groups = []
    for r in rows:
        label = r["supporter"] + (f" {r['period']}" if r["period"] else "")
        bars = []
        for s in statuses:
            cell = r["statuses"].get(s)
            total = cell["total"] if cell else 0
            said = f"{s} {query.format_total(cell, 'money', currency)}" if cell else ""
            bars.append({"status": s, "total": total, "label": said,
                         "width": 0 if not peak else 380 * total / peak})  # fmt: skip
        groups.append({"label": label, "bars": bars})
    return {"currency": currency, "groups": groups, "statuses": statuses}
