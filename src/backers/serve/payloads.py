"""What each endpoint answers, as plain dicts: one builder per question.

The API routes and the HTML pages both call these, so a page and its ``?format=json``
twin can never disagree (datasette's habit). Each takes an open read connection.
"""

from __future__ import annotations

from typing import Any

import duckdb

from backers.query import actors, claims, conflicts, documents, network, relations, timeline
from backers.query.dating import describe_date
from backers.query.filters import Filters
from backers.records import CERTAINTIES, STATUSES, TYPES
from backers.serve import timeaxis
from backers.serve.errors import ApiError
from backers.serve.graph_params import View
from backers.serve.markdown import sentence_pieces
from backers.serve.params import Page


def _listing(rows: list[dict[str, Any]], total: int, pg: Page, **extra: Any) -> dict[str, Any]:
    nxt = pg.offset + pg.limit
    return {
        "rows": rows,
        "total": total,
        "limit": pg.limit,
        "offset": pg.offset,
        "next_offset": nxt if nxt < total else None,
        **extra,
    }


def vocabularies() -> dict[str, list[str]]:
    return {"types": list(TYPES), "statuses": list(STATUSES), "certainties": list(CERTAINTIES)}


def actor_list(con: duckdb.DuckDBPyConnection, q: str | None, pg: Page) -> dict[str, Any]:
    rows, total = actors.list_actors(con, q, limit=pg.limit, offset=pg.offset)
    return _listing(rows, total, pg, q=q)


def actor(con: duckdb.DuckDBPyConnection, name: str, flt: Filters) -> dict[str, Any]:
    found = actors.actor_profile(con, name, flt)
    if found is None:
        close = relations.suggest_actors(con, name)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ApiError(404, "unknown-actor", f"no relation names an actor {name[:80]!r}{hint}")
    return {**found, "filters": flt.as_params()}


def relation_list(con: duckdb.DuckDBPyConnection, flt: Filters, pg: Page) -> dict[str, Any]:
    rows, total = relations.list_relations(con, flt, limit=pg.limit, offset=pg.offset)
    return _listing(rows, total, pg, filters=flt.as_params())


def claim_list(con: duckdb.DuckDBPyConnection, flt: Filters, pg: Page) -> dict[str, Any]:
    flt = relations.resolve(con, flt)
    rows, total = claims.list_claims(con, flt, limit=pg.limit, offset=pg.offset)
    return _listing(rows, total, pg, filters=flt.as_params())


def evidence(
    con: duckdb.DuckDBPyConnection,
    supporter: str | None,
    recipient: str | None,
    pg: Page | None = None,
) -> dict[str, Any]:
    """One pair's evidence, its sentences a page at a time (``pg``; all without it)."""
    if not supporter or not recipient:
        raise ApiError(400, "bad-parameter", "give both supporter and recipient")
    found = relations.relation_evidence(
        con,
        supporter,
        recipient,
        limit=pg.limit if pg else None,
        offset=pg.offset if pg else 0,
    )
    if found is None:
        raise ApiError(
            404,
            "unknown-relation",
            f"no claim says {supporter[:80]!r} backs {recipient[:80]!r}",
        )
    for row in found["sentences"]:
        row["pieces"] = sentence_pieces(row)
    return found


def network_view(con: duckdb.DuckDBPyConnection, flt: Filters, view: View) -> dict[str, Any]:
    """One page of the network (the most important edges first), the time extent for its
    slider, and the conflicts to choose from."""
    flt = relations.resolve(con, flt)
    parties = view.parties()
    found = network.network(
        con, flt, limit=view.limit, offset=view.offset, focus=view.focus, parties=parties
    )
    periods = network.periods(con, flt, focus=found["focus"], parties=parties)
    return {
        **found,
        "periods": periods,
        "axis": timeaxis.axis(periods),
        "filters": flt.as_params(),
        "view": {**view.as_params(), "focus": found["focus"]} if view.focus else view.as_params(),
        "conflicts": list(conflicts.conflicts()),
        "regions": conflicts.regions(),
        **vocabularies(),
    }


def actor_suggestions(con: duckdb.DuckDBPyConnection, q: str, limit: int) -> dict[str, Any]:
    return {"q": q, "rows": actors.search_actors(con, q, limit=limit)}


def document(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, Any]:
    found = documents.get_document(con, key)
    if found is None:
        raise ApiError(404, "unknown-document", f"no document has id or doc_id {key[:80]!r}")
    return found


def claim_timeline(con: duckdb.DuckDBPyConnection, flt: Filters, pg: Page) -> dict[str, Any]:
    flt = relations.resolve(con, flt)
    found = timeline.timeline(con, flt, limit=pg.limit, offset=pg.offset)
    items = found.pop("items")
    for item in items:
        item["dated"] = describe_date(item)
    return _listing(items, found.pop("total"), pg, filters=flt.as_params(), **found)
