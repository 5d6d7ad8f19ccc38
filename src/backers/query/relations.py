"""Relations for the web layer and the ``relation`` command: the fused relations of
:mod:`backers.query.fused` taken with :class:`Filters`, and one pair's evidence with its
summary and the text around each claim. Fusion (``backers.fuse``) decides how claims
become relations (near-duplicates, denials, confidence); nothing here recounts them.
"""

from __future__ import annotations

from typing import Any

import duckdb

from backers.query import fused as fusion
from backers.query.claims import with_context
from backers.query.filters import Filters


def resolve(con: duckdb.DuckDBPyConnection, flt: Filters) -> Filters:
    """The filters with actor names resolved as fusion resolves them ("Kremlin" -> Russia),
    so claim listings agree with relation listings."""
    changes = {}
    for key in ("supporter", "recipient", "actor"):
        value = getattr(flt, key)
        if value:
            changes[key] = fusion.resolve_actor(con, value) or value
    return flt.replace(**changes)


def list_relations(
    con: duckdb.DuckDBPyConnection, flt: Filters, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of fused relations (one per supporter, recipient and type), and the total."""
    return fusion.list_relations(con, **flt.fusion_kwargs(), limit=limit, offset=offset)


def graph(con: duckdb.DuckDBPyConnection, flt: Filters) -> dict[str, Any]:
    """Nodes and one edge per supporter -> recipient pair, under the filters."""
    return fusion.graph(con, **flt.fusion_kwargs())


def relation_evidence(
    con: duckdb.DuckDBPyConnection, supporter: str, recipient: str
) -> dict[str, Any] | None:
    """The pair's summary (its graph edge), its relations, and every claim behind it with
    the text around it; ``None`` when no relation links them."""
    found = fusion.relation_evidence(con, supporter, recipient)
    if not found["relations"] and not found["claims"]:
        return None
    edges = fusion.graph(con, supporter=found["supporter"], recipient=found["recipient"])
    summary = edges["edges"][0] if edges["edges"] else None
    claims = found["claims"]
    with_context(con, claims)
    return {
        "supporter": found["supporter"],
        "recipient": found["recipient"],
        "summary": summary,
        "relations": found["relations"],
        "claims": claims,
    }


def resolve_actor(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The stored name an actor called ``name`` has, or ``None``."""
    return fusion.resolve_actor(con, name)


def suggest_actors(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return fusion.suggest_actors(con, name)
