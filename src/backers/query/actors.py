"""Actors: everyone who backs or is backed, and one actor's page of relations."""

from __future__ import annotations

from typing import Any

import duckdb

from backers.fuse.catalogue import load
from backers.query.filters import CLAIM_DATE, CLAIMS_FROM, Filters
from backers.query.names import actors, per_fusion
from backers.query.relations import graph, resolve_actor
from backers.store.db import row_dicts


def list_actors(
    con: duckdb.DuckDBPyConnection, q: str | None, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Actors of fused relations whose name contains ``q`` (case-insensitive), with how
    many actors they back and are backed by and their independent sources, best-sourced
    first."""
    sql = (
        "WITH sides AS ("
        " SELECT supporter AS name, 'backs' AS role, recipient AS other, source_key, role AS r"
        " FROM fuse_claims"
        " UNION ALL"
        " SELECT recipient, 'backed_by', supporter, source_key, role FROM fuse_claims)"
        " SELECT name,"
        " count(DISTINCT other) FILTER (WHERE role = 'backs' AND r = 'for') AS backs,"
        " count(DISTINCT other) FILTER (WHERE role = 'backed_by' AND r = 'for') AS backed_by,"
        " count(DISTINCT source_key) FILTER (WHERE r = 'for') AS sources"
        " FROM sides WHERE (? IS NULL OR contains(lower(name), lower(?)))"
        " GROUP BY name"
    )
    params = [q or None, q or ""]
    total = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    cur = con.execute(
        f"SELECT * FROM ({sql}) ORDER BY sources DESC, name LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return row_dicts(cur), total


def actor_profile(
    con: duckdb.DuckDBPyConnection, name: str, flt: Filters | None = None
) -> dict[str, Any] | None:
    """Who backs the actor and whom it backs (graph edges, one per partner), and its
    claims per month; ``None`` when no relation names it."""
    actor = resolve_actor(con, name)
    if actor is None:
        return None
    base = (flt or Filters()).replace(supporter=None, recipient=None, actor=None)
    backed_by = graph(con, base.replace(recipient=actor))["edges"]
    backs = graph(con, base.replace(supporter=actor))["edges"]
    months = row_dicts(
        con.execute(
            f"SELECT substr({CLAIM_DATE}, 1, 7) AS period,"
            " count(*) FILTER (WHERE c.recipient = ?) AS backed_by,"
            " count(*) FILTER (WHERE c.supporter = ?) AS backs"
            f" FROM {CLAIMS_FROM}"
            " WHERE (c.supporter = ? OR c.recipient = ?) AND c.certainty <> 'denied'"
            f" AND {CLAIM_DATE} IS NOT NULL GROUP BY period ORDER BY period",
            [actor, actor, actor, actor],
        )
    )
    return {"name": actor, "backed_by": backed_by, "backs": backs, "over_time": months}


# Independent sources per actor, by fusion generation (see backers.query.names): ranking
# the prefix matches of a keystroke must not group a million claims every time.
_SOURCES: dict[str, dict[str, int]] = {}


def actor_sources(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every actor's independent sources (its supporting claims, either side)."""

    def compute() -> dict[str, int]:
        return dict(
            con.execute(
                "SELECT name, count(DISTINCT source_key) FROM ("
                " SELECT supporter AS name, source_key FROM fuse_claims WHERE role = 'for'"
                " UNION ALL SELECT recipient, source_key FROM fuse_claims WHERE role = 'for')"
                " GROUP BY name"
            ).fetchall()
        )

    return per_fusion(con, _SOURCES, compute)


def search_actors(
    con: duckdb.DuckDBPyConnection, q: str, *, limit: int = 10
) -> list[dict[str, Any]]:
    """Actors whose name, or one of its words, starts with ``q`` (case-insensitive), and
    actors an alias starting with ``q`` means ("Krem" -> Russia, via "Kremlin"); the name
    itself before a word of it, then most independent sources first. Each:
    ``{name, kind, sources, via}`` (``via``: the alias matched, else ``None``)."""
    low = " ".join(q.split()).lower()
    if not low:
        return []
    cat = load()
    known = actors(con)
    present = {a.lower(): a for a in known}
    found: dict[str, tuple[int, str | None]] = {}
    for name in known:
        lname = name.lower()
        if lname.startswith(low):
            found[name] = (0, None)
        elif any(w.startswith(low) for w in lname.replace("-", " ").split()[1:]):
            found[name] = (1, None)
    for alias, canonical in cat.actor_alias.items():
        name = present.get(canonical.lower())
        if name and name not in found and alias.startswith(low):
            found[name] = (2, alias)
    sources = actor_sources(con)
    ranked = sorted(found, key=lambda n: (found[n][0], -sources.get(n, 0), n))[:limit]
    return [
        {"name": n, "kind": cat.kind(n), "sources": sources.get(n, 0), "via": found[n][1]}
        for n in ranked
    ]
