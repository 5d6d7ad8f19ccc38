"""Actors: everyone who backs or is backed, and one actor's page of relations."""

from __future__ import annotations

from typing import Any

import duckdb

from backers.query.filters import CLAIM_DATE, SOURCE_KEY, Filters
from backers.query.relations import list_relations, resolve_actor
from backers.store.db import row_dicts

# An actor page lists at most this many relations each way; the API pages the rest.
PROFILE_RELATIONS = 200


def list_actors(
    con: duckdb.DuckDBPyConnection, q: str | None, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Actors whose name contains ``q`` (case-insensitive), most-sourced first."""
    sql = (
        "WITH sides AS ("
        " SELECT c.supporter AS name, 'backs' AS role, c.recipient AS other, d.text_hash AS src"
        " FROM claims c JOIN documents d ON d.id = c.article_id"
        " UNION ALL"
        " SELECT c.recipient, 'backed_by', c.supporter, d.text_hash"
        " FROM claims c JOIN documents d ON d.id = c.article_id)"
        " SELECT name,"
        " count(DISTINCT other) FILTER (WHERE role = 'backs') AS backs,"
        " count(DISTINCT other) FILTER (WHERE role = 'backed_by') AS backed_by,"
        " count(DISTINCT src) AS sources"
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
    """Who backs the actor, whom it backs, and its claims per month; ``None`` when no
    claim names it."""
    actor = resolve_actor(con, name)
    if actor is None:
        return None
    base = flt or Filters()
    backed_by, n_backed_by = list_relations(
        con,
        Filters(**{**base.__dict__, "recipient": actor}),
        limit=PROFILE_RELATIONS,
        offset=0,
    )
    backs, n_backs = list_relations(
        con,
        Filters(**{**base.__dict__, "supporter": actor}),
        limit=PROFILE_RELATIONS,
        offset=0,
    )
    months = row_dicts(
        con.execute(
            f"SELECT substr({CLAIM_DATE}, 1, 7) AS period,"
            " count(*) FILTER (WHERE lower(c.recipient) = lower(?)) AS backed_by,"
            " count(*) FILTER (WHERE lower(c.supporter) = lower(?)) AS backs,"
            f" count(DISTINCT {SOURCE_KEY}) AS sources"
            " FROM claims c JOIN documents d ON d.id = c.article_id"
            f" WHERE (lower(c.supporter) = lower(?) OR lower(c.recipient) = lower(?))"
            f" AND {CLAIM_DATE} IS NOT NULL GROUP BY period ORDER BY period",
            [actor, actor, actor, actor],
        )
    )
    return {
        "name": actor,
        "backed_by": backed_by,
        "backed_by_total": n_backed_by,
        "backs": backs,
        "backs_total": n_backs,
        "over_time": months,
    }
