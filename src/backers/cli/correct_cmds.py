"""``backers correct`` and ``backers corrections``: a user's corrections of claims.

Thin calls into :mod:`backers.store.corrections` (checking and writing) and
:mod:`backers.query.corrections` (listing); see those for what a correction is keyed by.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from backers.cli.common import DEFAULT_DB, DbOption, app, err, fail, open_store, out
from backers.errors import BackersError
from backers.query.corrections import CORRECTABLE, STATES, changes, list_corrections
from backers.query.export import write_csv, write_jsonl
from backers.records import CERTAINTIES, STATUSES, TYPES
from backers.store.corrections import USER_ENV, Request, correct

FORMATS = ("table", "jsonl", "csv")
LIST_COLUMNS = (
    "id", "state", "action", "doc_id", "supporter", "recipient", "type",
    *(f"set_{f}" for f in CORRECTABLE), "note", "author",
    "created_at", "claim_id", "current_claim", "matched_claims", "sentence", "start", "end",
)  # fmt: skip


@app.command("correct")
def correct_command(
    claim_id: Annotated[str, typer.Argument(metavar="CLAIM_ID", help="The claim's id.")],
    db: DbOption = DEFAULT_DB,
    supporter: Annotated[
        str | None, typer.Option(help="Who really gives (aliases resolve: Kremlin).")
    ] = None,
    recipient: Annotated[str | None, typer.Option(help="Who really receives.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help=f"One of: {', '.join(TYPES)}.")
    ] = None,
    status: Annotated[str | None, typer.Option(help=f"One of: {', '.join(STATUSES)}.")] = None,
    certainty: Annotated[
        str | None, typer.Option(help=f"One of: {', '.join(CERTAINTIES)}.")
    ] = None,
    claimant: Annotated[
        str | None,
        typer.Option(help='Who asserts it (a person or body); "" for the outlet\'s own voice.'),
    ] = None,
    affiliation: Annotated[
        str | None,
        typer.Option(
            "--affiliation", help='The state or body the claimant speaks for; "" for none.'
        ),
    ] = None,
    items: Annotated[
        str | None,
        typer.Option(help='What is supplied, comma-separated ("Shahed-136, drones"); "" for none.'),
    ] = None,
    reject: Annotated[
        bool, typer.Option("--reject", help="The claim is wrong: it counts nowhere.")
    ] = False,
    undo: Annotated[
        bool, typer.Option("--undo", help="Back to what was read (the history is kept).")
    ] = False,
    note: Annotated[str | None, typer.Option(help="Why, for whoever reads it later.")] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", envvar=USER_ENV, help="Who corrects (default: the OS user)."),
    ] = None,
    new_actor: Annotated[
        bool,
        typer.Option("--new-actor", help="Accept an actor name the store does not know yet."),
    ] = False,
) -> None:
    """Correct a claim the machine read wrong, or reject it. The correction is kept apart
    from the claims, keyed by the document, the sentence and the claim as read, so it still
    applies after a re-ingest or an extractor upgrade; relations are re-fused at once.
    Claim ids: `backers claims --format jsonl`, or the evidence pages.

    Example:  backers correct 3f9c0a1b2d4e5f60 --recipient Hezbollah --note "the Houthis are
    named only as a comparison"

    Example:  backers correct 3f9c0a1b2d4e5f60 --reject --note "a hypothetical"

    Example:  backers correct 3f9c0a1b2d4e5f60 --claimant "John Kirby" --affiliation
    "United States" --items "Shahed-136, Mohajer-6"
    """
    if reject and undo:
        fail("--reject and --undo exclude each other", code=2)
    action = "reject" if reject else "undo" if undo else "correct"
    given = (supporter, recipient, type_, status, certainty, claimant, affiliation, items)
    values = dict(zip(CORRECTABLE, given, strict=True))
    req = Request(
        claim_id=claim_id,
        action=action,
        changes={k: v for k, v in values.items() if v is not None},
        note=note,
        author=by,
        new_actor=new_actor,
    )
    try:
        result = correct(open_store(db), req)
    except BackersError as error:
        fail(error, code=2 if error.code in ("bad-correction", "unknown-claim") else 1)
        return
    out.print(_summary(result), markup=False, highlight=False)


def _summary(result: dict[str, Any]) -> str:
    claim = result["claim"]
    read = f"{claim['supporter']} -> {claim['recipient']} {claim['type']}"
    if result["action"] == "reject":
        what = "rejected: it counts nowhere"
    elif result["action"] == "undo":
        what = "back to what was read"
    else:
        what = ", ".join(
            f"{k} {_shown(claim[k])} -> {_shown(v)}" for k, v in result["changes"].items()
        )
    note = f" ({result['note']})" if result["note"] else ""
    return (
        f"correction {result['id']} by {result['author']} at {result['created_at']}:"
        f" claim {claim['id']} ({read}, doc {claim['doc_id']}) {what}{note};"
        f" {result['relations']} relations"
    )


def _shown(value: Any) -> str:
    """A field's value on one line: items joined, no claimant as "none"."""
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return value or "none"


@app.command("corrections")
def corrections_command(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
    state: Annotated[str | None, typer.Option(help=f"Only these: {', '.join(STATES)}.")] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Every correction ever made, undone ones too.")
    ] = False,
) -> None:
    """List the corrections in force, oldest first: what was read, what was set, by whom,
    when and why, and whether it still applies. A correction whose sentence no longer
    yields the claim (the text or the extractor changed) is listed as orphaned, never
    dropped.

    Example:  backers corrections --format csv > corrections.csv
    """
    if fmt not in FORMATS:
        fail(f"--format {fmt!r} is not one of {', '.join(FORMATS)}", code=2)
    if state is not None and state not in STATES:
        fail(f"--state {state!r} is not one of {', '.join(STATES)}", code=2)
    try:
        with open_store(db).read() as con:
            rows = list_corrections(con, history=history, state=state)
    except BackersError as error:
        fail(error)
        return
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
        return
    if fmt == "csv":  # the exports' writer: a note that starts with = is defused
        write_csv(rows, LIST_COLUMNS, sys.stdout)
        return
    if not rows:
        out.print("no corrections; make one with: backers correct CLAIM_ID --recipient NAME")
        return
    for row in rows:
        sets = changes(row)
        what = ", ".join(f"{k} -> {_shown(v)}" for k, v in sets.items()) if sets else row["action"]
        note = f"  note: {row['note']}" if row["note"] else ""
        out.print(
            f"{row['id']}\t{row['state'].upper() if row['state'] == 'orphaned' else row['state']}"
            f"\t{row['supporter']} -> {row['recipient']} {row['type']}\t{what}"
            f"\tby {row['author']} {row['created_at']}\tdoc {row['doc_id']}{note}",
            markup=False,
            highlight=False,
        )
        if row["state"] == "orphaned":
            out.print(
                f"\tunmatched: no claim of the current text reads it from: {row['sentence']}",
                markup=False,
                highlight=False,
            )


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def enable_edits(application: Any, token: str | None, host: str) -> None:
    """``backers serve --allow-edits``: turn the write routes on, or exit with status 2
    naming what is missing. Warns when the server listens beyond this machine."""
    from backers.serve.edits import enable

    if not token:
        fail("--allow-edits needs a token: --edit-token SECRET or BACKERS_EDIT_TOKEN", code=2)
    try:
        enable(application, token)
    except ValueError as error:
        fail(f"--edit-token: {error}", code=2)
    if host not in LOOPBACK:
        err.print(
            f"warning: edits are on and the server listens on {host}: anyone who can reach"
            " it and knows the token can correct claims"
        )
