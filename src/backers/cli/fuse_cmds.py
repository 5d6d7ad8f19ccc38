"""Commands of the fuse stage: fuse, who-backs, relations, relation, export.

Each command parses options and calls one function of ``backers.fuse``. Tables are drawn
for a terminal and written as tab-separated text when piped (``--json`` for JSON lines),
so ``backers relations | cut -f1,2`` works.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from backers.cli.common import DEFAULT_DB, DbOption, app, fail, open_store, out
from backers.errors import BackersError
from backers.fuse.confidence import explain
from backers.query import export as fuse_export
from backers.query import fused as query
from backers.query import relations as read_relations
from backers.query.filters import DATE, Filters
from backers.records import CERTAINTIES, STATUSES, TYPES
from backers.sources import label as rating_label

JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]
Supporter = Annotated[str | None, typer.Option("--supporter", help="Who gives.")]
Recipient = Annotated[str | None, typer.Option("--recipient", help="Who receives.")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Either side.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help=f"One of: {', '.join(TYPES)}.")]
StatusOpt = Annotated[
    str | None, typer.Option("--status", help=f"Ever had this status: {', '.join(STATUSES)}.")
]
CertaintyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--certainty",
        help="Has a claim of this certainty (repeat or comma-separate; denied: has a denial):"
        f" {', '.join(CERTAINTIES)}.",
    ),
]
ClaimantOpt = Annotated[
    str | None, typer.Option("--claimant", help="Claimed or denied by (name or state).")
]
OutletOpt = Annotated[str | None, typer.Option("--outlet", help="Reported by this outlet.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Seen on or after (YYYY[-MM[-DD]]).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Seen on or before (YYYY[-MM[-DD]]).")]
MinSourcesOpt = Annotated[
    int | None, typer.Option("--min-sources", min=0, help="At least this many independent sources.")
]
MinReliabilityOpt = Annotated[
    int | None,
    typer.Option(
        "--min-reliability",
        min=0,
        max=3,
        help="Only outlets rated at least this (0 deprecated .. 3 generally reliable;"
        " unrated outlets do not pass). Ratings: src/backers/data/sources.yaml, BACKERS_SOURCES.",
    ),
]
NoStateMediaOpt = Annotated[
    bool, typer.Option("--no-state-media", help="Leave out state-affiliated outlets.")
]


def _certainties(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    found = [v.strip().lower() for raw in values for v in raw.split(",") if v.strip()]
    bad = [v for v in found if v not in CERTAINTIES]
    if bad:
        fail(f"unknown certainty {bad[0]!r}; use one of {', '.join(CERTAINTIES)}", code=2)
    return found


def _check_choice(value: str | None, choices: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in choices:
        fail(f"{option} {value!r} is not one of {', '.join(choices)}", code=2)
    return value


def _check_date(value: str | None, option: str) -> str | None:
    if value is not None and not DATE.match(value):
        fail(f"{option} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", code=2)
    return value


def build_filters(
    *,
    supporter: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    type_: str | None = None,
    status: str | None = None,
    certainty: list[str] | None = None,
    claimant: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    min_sources: int | None = None,
    doc_id: str | None = None,
    min_reliability: int | None = None,
    no_state_media: bool = False,
) -> Filters:
    """The options every listing command takes, checked (a bad value exits with status 2
    naming the option) and gathered in the one :class:`Filters` of the read layer."""
    return Filters(
        supporter=supporter,
        recipient=recipient,
        actor=actor,
        type=_check_choice(type_, TYPES, "--type"),
        status=_check_choice(status, STATUSES, "--status"),
        certainty=_certainties(certainty) or [],
        claimant=claimant,
        outlet=outlet,
        date_from=_check_date(date_from, "--from"),
        date_to=_check_date(date_to, "--to"),
        min_sources=min_sources,
        doc_id=doc_id,
        min_reliability=min_reliability,
        no_state_media=no_state_media or None,
    )


def check_actors(con: Any, flt: Filters) -> None:
    """Exit with a one-line error, naming close names, for an actor no relation has."""
    for name in (flt.supporter, flt.recipient, flt.actor):
        if name:
            _resolve(con, name)


def _resolve(con: Any, name: str) -> str:
    """The canonical actor, or exit with a one-line error naming close ones."""
    found = query.resolve_actor(con, name)
    if found:
        return found
    if not query.actors(con):
        fail("this store has no fused relations yet; run: backers ingest FILES --db ...")
    close = query.suggest_actors(con, name)
    hint = f"; did you mean {', '.join(close)}?" if close else "; backers relations lists them"
    fail(f"unknown actor {name!r}{hint}")
    return name


def _dated(c: dict[str, Any]) -> str:
    """A claim's publication date with how it is known, when it is not exact."""
    date, precision = c.get("published") or "", c.get("published_precision")
    if date and precision == "relative":
        return f"{date} (relative, not exact)"
    return date


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _emit(rows: list[dict[str, Any]], columns: list[str], as_json: bool, title: str = "") -> None:
    """A table on a terminal, TSV when piped, JSON lines with --json."""
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    if not out.is_terminal:
        sys.stdout.write("\t".join(columns) + "\n")
        for row in rows:
            cells = [_cell(row.get(c)).replace("\t", " ").replace("\n", " ") for c in columns]
            sys.stdout.write("\t".join(cells) + "\n")
        return
    table = Table(title=title or None, box=None, header_style="bold", pad_edge=False)
    for col in columns:
        table.add_column(col.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(row.get(c))) or "-" for c in columns))
    out.print(table)


@app.command("fuse")
def fuse_command(db: DbOption = DEFAULT_DB) -> None:
    """Rebuild every fused relation from the stored claims, and fuse whatever an ingest
    left queued (nothing waits for fusion afterwards).

    The ingest keeps relations current on its own; run this after changing the data
    files or the near-duplicate parameters, or after an ingest was killed.

    Example:  backers fuse --db war.duckdb
    """
    from backers.fuse import outbox

    try:
        with open_store(db).write() as con:
            stats = outbox.rebuild(con)
            state = outbox.state_line(con)
    except BackersError as error:
        fail(error)
    out.print(
        f"{stats.relations} relations; {stats.documents_hashed} documents hashed, "
        f"{stats.duplicate_pairs_found} near-duplicate pairs; {stats.seconds:.1f}s"
    )
    out.print(escape(state))


@app.command("who-backs")
def who_backs(
    actor: Annotated[str, typer.Argument(help="Recipient, any case or alias (russia, Kremlin).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Who supports ACTOR: one row per supporter, with what, who says so, and how many
    independent sources.

    Example:  backers who-backs Russia --db war.duckdb
    """
    try:
        with open_store(db).read() as con:
            name = _resolve(con, actor)
            rows = query.who_backs(con, name, relations=as_json)
    except BackersError as error:
        fail(error)
    if as_json:
        _emit(rows, [], True)
        return
    flat = [
        {
            "supporter": r["supporter"],
            "support": r["types"],
            "items": r["items"],
            "claimed_by": r["claimed_by"],
            "sources": r["sources"],
            "denied_by": r["denied_by"],
            "confidence": explain(r["confidence"]),
        }
        for r in rows
    ]
    cols = ["supporter", "support", "items", "claimed_by", "sources", "denied_by", "confidence"]
    _emit(flat, cols, False, title=f"who backs {name}")
    if not rows and out.is_terminal:
        out.print(f"no supporter of {escape(name)} in this store")


@app.command("relations")
def relations(
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
    min_sources: MinSourcesOpt = None,
    min_reliability: MinReliabilityOpt = None,
    no_state_media: NoStateMediaOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows to show.")] = 100,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Rows to skip.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Fused relations (supporter, recipient, type), most confident first.

    Example:  backers relations --recipient russia --certainty confirmed,stated --min-sources 2
    """
    flt = build_filters(
        supporter=supporter, recipient=recipient, actor=actor, type_=type_, status=status,
        certainty=certainty, claimant=claimant, outlet=outlet, date_from=date_from,
        date_to=date_to, min_sources=min_sources,
        min_reliability=min_reliability, no_state_media=no_state_media,
    )  # fmt: skip
    try:
        with open_store(db).read() as con:
            check_actors(con, flt)
            rows, total = query.list_relations(
                con, **flt.fusion_kwargs(), limit=limit, offset=offset
            )
    except BackersError as error:
        fail(error)
    if as_json:
        _emit(rows, [], True)
        return
    flat = [
        {
            **r,
            "statuses": [s["status"] for s in r["statuses"]],
            "claimed_by": list(dict.fromkeys(query._party_label(c) for c in r["claimants_for"])),
            "denied_by": list(dict.fromkeys(query._party_label(c) for c in r["claimants_against"])),
            "confidence": explain(r["confidence"]),
        }
        for r in rows
    ]
    cols = ["supporter", "recipient", "type", "statuses", "items", "claimed_by", "sources",
            "denied_by", "first_seen", "last_seen", "confidence"]  # fmt: skip
    _emit(flat, cols, False)
    if out.is_terminal:
        out.print(f"{len(rows)} of {total} relations")


@app.command("relation")
def relation(
    supporter: Annotated[str, typer.Argument(help="Who gives.")],
    recipient: Annotated[str, typer.Argument(help="Who receives.")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """The evidence trail of SUPPORTER -> RECIPIENT: every claim for and against, one line
    per independent source, with its sentence, outlet and reprints.

    Example:  backers relation "North Korea" Russia --db war.duckdb
    """
    try:
        with open_store(db).read() as con:
            sup, rec = _resolve(con, supporter), _resolve(con, recipient)
            ev = read_relations.relation_evidence(con, sup, rec)
    except BackersError as error:
        fail(error)
    if ev is None:
        fail(f"no claim that {sup} supports {rec}; try: backers who-backs {rec!r}")
        return
    if as_json:
        sys.stdout.write(json.dumps(ev, ensure_ascii=False, default=str) + "\n")
        return
    if not ev["claims"]:
        fail(f"no claim that {sup} supports {rec}; try: backers who-backs {rec!r}")
    seen: set[tuple] = set()
    rows = []
    for c in ev["claims"]:
        key = (c["source_key"], c["role"], c["type"], c["status"], c["claimant"], c["certainty"])
        if key in seen:
            continue
        seen.add(key)
        who = (
            c["claimant"]
            or c["claimant_affiliation"]
            or (f"{c['outlet']} (own voice)" if c["outlet"] else "unattributed (outlet unknown)")
        )
        if c["claimant"] and c["claimant_affiliation"]:
            who = f"{c['claimant']} ({c['claimant_affiliation']})"
        where = f"{c['outlet'] or 'doc ' + c['doc_id']} {_dated(c)}".strip()
        where += f" {rating_label(c.get('source_rating'))}"
        if c["reprints"] > 1:
            where += f"; the same text in {c['reprints']} articles ({', '.join(c['reported_by'])})"
        rows.append(
            {
                "date": c["seen"],
                "type": c["type"],
                "status": c["status"],
                "certainty": c["certainty"],
                "claimant": who,
                "sentence": c["sentence"]
                + (f" [evidence: {c['evidence']}]" if c.get("evidence") else ""),
                "source": where,
            }
        )
    summary = ev.get("summary")
    if summary and out.is_terminal:
        out.print(
            f"[bold]{escape(sup)} -> {escape(rec)}[/], all types: {summary['sources']}"
            f" independent sources in {summary['articles']} articles"
        )
    for rel in ev["relations"]:
        ing = rel["confidence"]["ingredients"]
        if out.is_terminal:
            out.print(
                f"[bold]{escape(sup)} -> {escape(rec)}[/] {rel['type']}: "
                f"{' -> '.join(s['status'] for s in rel['statuses']) or 'denied only'}; "
                f"{rel['sources']} independent sources, {rel['articles']} articles; "
                f"confidence {explain(rel['confidence'])}; {ing['formula']}"
            )
    cols = ["date", "type", "status", "certainty", "claimant", "sentence", "source"]
    _emit(rows, cols, False)


@app.command("export")
def export(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(fuse_export.FORMATS)}.")
    ] = "jsonl",
    table: Annotated[
        str, typer.Option("--table", help="relations, or claims (csv and jsonl only).")
    ] = "relations",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")
    ] = None,
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
    min_sources: MinSourcesOpt = None,
    min_reliability: MinReliabilityOpt = None,
    no_state_media: NoStateMediaOpt = False,
) -> None:
    """Write the relations (or their claims) for Gephi, spreadsheets, scripts or Aleph.

    Example:  backers export --format gexf -o backers.gexf --min-sources 2
    """
    _check_choice(fmt, fuse_export.FORMATS, "--format")
    problem = fuse_export.table_problem(fmt, table)
    if problem:
        fail(f"--table: {problem}", code=2)
    flt = build_filters(
        supporter=supporter, recipient=recipient, actor=actor, type_=type_, status=status,
        certainty=certainty, claimant=claimant, outlet=outlet, date_from=date_from,
        date_to=date_to, min_sources=min_sources,
        min_reliability=min_reliability, no_state_media=no_state_media,
    )  # fmt: skip
    filters = flt.fusion_kwargs()
    try:
        with open_store(db).read() as con:
            check_actors(con, flt)
            if output is None:
                fuse_export.export(con, fmt, sys.stdout, table=table, **filters)
                return
            with output.open("w", encoding="utf-8", newline="") as fh:
                n = fuse_export.export(con, fmt, fh, table=table, **filters)
    except BackersError as error:
        fail(error)
    except OSError as error:
        fail(f"{output}: cannot write ({error.strerror})")
    out.print(f"wrote {n} records to {output}", markup=False)
