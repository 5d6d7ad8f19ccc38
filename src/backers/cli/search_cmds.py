"""``backers search``: full-text search over the stored articles (``backers.query.search``)."""

from __future__ import annotations

import json
import re
import sys
from typing import Annotated, Any

import typer
from rich.markup import escape

from backers import sources
from backers.cli.common import DEFAULT_DB, DbOption, app, fail, open_store, out
from backers.cli.fuse_cmds import (
    ActorOpt,
    MinReliabilityOpt,
    NoStateMediaOpt,
    OutletOpt,
    Recipient,
    Supporter,
    build_filters,
    check_actors,
)
from backers.errors import BackersError
from backers.query.search import search
from backers.store.search_index import index_for, rebuild


def _segments(segments: list[dict[str, Any]]) -> str:
    """A passage for a terminal: searched words bold, claim sentences underlined."""
    parts = []
    for seg in segments:
        text = escape(re.sub(r"\s+", " ", seg["text"]))
        if seg["term"]:
            text = f"[bold reverse]{text}[/]"
        if seg["claim"]:
            text = f"[underline]{text}[/]"
        parts.append(text)
    return "".join(parts).strip()


def _claim(c: dict[str, Any]) -> str:
    items = f" ({', '.join(c['items'])})" if c.get("items") else ""
    who = f"; {c['claimant']}" if c.get("claimant") else ""
    return (
        f"{c['supporter']} -> {c['recipient']} {c['type']}{items}:"
        f" {c['status']}, {c['certainty']}{who}"
    )


def _print(found: dict[str, Any]) -> None:
    for n, hit in enumerate(found["rows"], start=found["offset"] + 1):
        title = _segments(hit["title_segments"]) or escape("(no title)")
        where = ", ".join(x for x in (hit["outlet"], hit["published"]) if x) or "unknown outlet"
        rating = escape(sources.label(hit["source_rating"]))
        out.print(
            f"[bold]{n}.[/] {title}  [dim]{escape(where)} {rating} {escape(hit['doc_id'])}[/]"
        )
        for passage in hit["passages"]:
            out.print(f"   {_segments(passage['segments'])}")
            for c in passage["claims"]:
                out.print(f"     [green]claim[/] {escape(_claim(c))}")
    shown = len(found["rows"])
    more = f"; next page: --offset {found['next_offset']}" if found["next_offset"] else ""
    out.print(f"{shown} of {found['total']} articles match {escape(found['q'])!s}{more}")


@app.command("search")
def search_command(
    query: Annotated[
        str | None,
        typer.Argument(help='Words (all must occur), "a phrase", prefix* (Shah* finds Shahed).'),
    ] = None,
    db: DbOption = DEFAULT_DB,
    actor: ActorOpt = None,
    supporter: Supporter = None,
    recipient: Recipient = None,
    outlet: OutletOpt = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Published on or after (YYYY[-MM[-DD]]).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Published on or before (YYYY[-MM[-DD]]).")
    ] = None,
    min_reliability: MinReliabilityOpt = None,
    no_state_media: NoStateMediaOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500, help="Articles to show.")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Articles to skip.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="The result as one JSON object.")] = False,
    reindex: Annotated[
        bool,
        typer.Option("--reindex", help="Rebuild the search index from the stored articles first."),
    ] = False,
) -> None:
    """Search the text of the stored articles: the best matches first, each with the
    sentences where the words occur and the claims read from them.

    The index (a file beside the store, `STORE.search.sqlite`) is kept current by ingest;
    `--reindex` rebuilds it from the stored articles (no extraction needed).

    Example:  backers search "Shahed drones" --actor Iran --from 2022 --db war.duckdb
    """
    flt = build_filters(
        actor=actor, supporter=supporter, recipient=recipient, outlet=outlet,
        date_from=date_from, date_to=date_to, min_reliability=min_reliability,
        no_state_media=no_state_media,
    )  # fmt: skip
    if not query and not reindex:
        fail('give words to search for, e.g. backers search "Shahed"', code=2)
    store = open_store(db)
    try:
        sources.check()
        if reindex:
            done = rebuild(store)
            if not as_json:
                out.print(f"indexed {done['added']} articles (of {done['documents']} stored)")
        if not query:
            return
        with store.read() as con:
            check_actors(con, flt)
            found = search(con, index_for(store), query, flt, limit=limit, offset=offset)
    except BackersError as error:
        fail(error, code=2 if getattr(error, "code", "") == "bad-query" else 1)
        return
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, default=str) + "\n")
        return
    _print(found)
