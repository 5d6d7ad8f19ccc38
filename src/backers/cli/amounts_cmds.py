"""``backers amounts``: money and counts pledged and delivered, per supporter and period,
each figure traceable to its sentences (the Kiel tracker's question)."""

from __future__ import annotations

import csv
import json
import re
import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from backers.amounts import UNITS
from backers.amounts.fill import missing, refresh
from backers.cli.common import DEFAULT_DB, DbOption, app, err, fail, open_store, out
from backers.cli.fuse_cmds import (
    ActorOpt,
    CertaintyOpt,
    ClaimantOpt,
    FromOpt,
    OutletOpt,
    Recipient,
    StatusOpt,
    Supporter,
    ToOpt,
    TypeOpt,
    build_filters,
    check_actors,
)
from backers.errors import BackersError
from backers.query import amounts as query
from backers.query.amounts import format_total

CURRENCY = re.compile(r"^[A-Z]{3}$")


@app.command("amounts")
def amounts(
    db: DbOption = DEFAULT_DB,
    supporter: Supporter = None,
    recipient: Recipient = None,
    actor: ActorOpt = None,
    type_: TypeOpt = None,
    status: StatusOpt = None,
    certainty: CertaintyOpt = None,
    claimant: ClaimantOpt = None,
    outlet: OutletOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    currency: Annotated[
        str | None,
        typer.Option("--currency", help="Only amounts written in this ISO currency (EUR, USD)."),
    ] = None,
    unit: Annotated[
        str,
        typer.Option("--unit", help=f"What to add up: {', '.join(UNITS)}, or all."),
    ] = "money",
    by: Annotated[
        str, typer.Option("--by", help="One row per supporter and: year, month, or supporter.")
    ] = "year",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, jsonl or csv (with claim ids).")
    ] = "table",
    sentences: Annotated[
        bool,
        typer.Option("--sentences", help="Under each row, the sentences its figures come from."),
    ] = False,
    do_refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Read every stored claim's quantity again (after an upgrade); no article is"
            " read again.",
        ),
    ] = False,
) -> None:
    """Money and counts pledged versus delivered, per supporter per year, read from the
    claims' quantities ("$1.7 billion", "EUR 500m", "dozens", "18 F-16s").

    Sums are per currency: amounts in different currencies are never added and nothing is
    converted (a figure restating another in a second currency is kept, never added). The
    same figure for the same supporter, recipient and status in one period counts once,
    however many articles report it. Denied claims are left out. A total marked ~ holds a
    figure that is approximate, a lower bound or a range (its lower end is added): read it
    as "at least"; one marked † holds a figure a sentence gives to several supporters
    together (each is shown with the whole). Every figure is traceable: --sentences lists
    the sentences under each row, --format jsonl/csv give the claim ids.

    Example:  backers amounts --supporter Germany --by year --db war.duckdb

    More:  backers amounts --recipient Ukraine --currency EUR --format csv > pledges.csv
    """
    if by not in query.BY:
        fail(f"--by {by!r} is not one of {', '.join(query.BY)}", code=2)
    if fmt not in query.FORMATS:
        fail(f"--format {fmt!r} is not one of {', '.join(query.FORMATS)}", code=2)
    if unit not in (*UNITS, "all"):
        fail(f"--unit {unit!r} is not one of {', '.join(UNITS)}, all", code=2)
    if currency is not None:
        currency = currency.strip().upper()
        if not CURRENCY.match(currency):
            fail(f"--currency {currency!r} is not an ISO currency code such as EUR or USD", code=2)
    flt = build_filters(
        supporter=supporter, recipient=recipient, actor=actor, type_=type_, status=status,
        certainty=certainty, claimant=claimant, outlet=outlet, date_from=date_from,
        date_to=date_to,
    )  # fmt: skip
    store = open_store(db)
    try:
        if do_refresh:
            _refresh(store)
        with store.read() as con:
            check_actors(con, flt)
            data = query.totals(
                con, flt, by=by, currency=currency, unit=None if unit == "all" else unit
            )
            behind = {}
            if sentences and fmt == "table":
                for row in data["rows"]:
                    ids = sorted({i for s in row["statuses"].values() for i in s["claims"]})
                    behind[id(row)] = query.figures(
                        con, ids, currency=row["currency"], unit=row["unit"]
                    )
            known = query.currencies(con) if currency and not data["rows"] else []
    except BackersError as error:
        fail(error)
        return
    if currency and known and currency not in known:
        fail(f"no amount in {currency}; stored amounts are in {', '.join(known)}")
    if fmt == "jsonl":
        for row in data["rows"]:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        _csv(data)
        return
    _table(data, behind)


def _refresh(store: Any) -> None:
    with store.write() as con:
        todo = missing(con)

        def progress(done: int, total: int) -> None:
            if err.is_terminal:
                err.print(f"\rreading quantities {done}/{total}", end="")

        written = refresh(con, progress=progress)
    if err.is_terminal:
        err.print()
    err.print(f"amounts read again: {written} figures ({todo} claims had none of this version)")


def _table(data: dict[str, Any], behind: dict[int, list[dict[str, Any]]]) -> None:
    statuses = data["statuses"]
    if not data["rows"]:
        out.print("no amount matches these filters (backers amounts --unit all shows counts too)")
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    first = "supporter" if data["by"] == "supporter" else data["by"]
    table.add_column("supporter")
    if data["by"] != "supporter":
        table.add_column(first)
    table.add_column("unit")
    for s in statuses:
        table.add_column(s, justify="right")
    table.add_column("claims", justify="right")
    for row in data["rows"]:
        cells = [escape(row["supporter"])]
        if data["by"] != "supporter":
            cells.append(row["period"] or "")
        cells.append(row["unit"] if row["unit"] != "money" else f"money {row['currency'] or '?'}")
        for s in statuses:
            cells.append(format_total(row["statuses"].get(s), row["unit"], row["currency"]))
        ids = {i for cell in row["statuses"].values() for i in cell["claims"]}
        cells.append(str(len(ids)))
        table.add_row(*cells)
    out.print(table)
    out.print(
        "sums are per currency, never converted; ~ = holds an approximate figure, a lower"
        " bound or a range (read: at least); † = holds a figure one sentence gives to several"
        " supporters together"
    )
    for row in data["rows"] if behind else []:
        head = " ".join(x for x in (row["supporter"], row["period"], row["unit"]) if x)
        out.print(f"\n[bold]{escape(head)} {escape(row['currency'] or '')}[/]")
        for claim in behind.get(id(row), []):
            written = "; ".join(a["written"] for a in claim["amounts"])
            where = f"{claim.get('outlet') or claim['doc_id']} {claim.get('date') or ''}".strip()
            out.print(
                f"  {claim['status']} {escape(written)}: “{escape(claim['sentence'])}”"
                f" ({escape(where)}; {claim['id']})"
            )


def _csv(data: dict[str, Any]) -> None:
    writer = csv.writer(sys.stdout)
    statuses = data["statuses"]
    writer.writerow(
        ["supporter", "period", "unit", "currency"]
        + [f"{s}_{k}" for s in statuses for k in ("total", "figures", "approximate", "claims")]
    )
    for row in data["rows"]:
        cells = [row["supporter"], row["period"] or "", row["unit"], row["currency"] or ""]
        for s in statuses:
            cell = row["statuses"].get(s)
            if cell is None:
                cells += ["", "", "", ""]
            else:
                cells += [cell["total"], cell["figures"], cell["approximate"]]
                cells.append(" ".join(cell["claims"]))
        writer.writerow([_safe(c) for c in cells])


def _safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
