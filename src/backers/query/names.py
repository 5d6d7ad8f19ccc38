"""Actor names as a user types them, resolved to the names fused relations use.

One resolver for every actor parameter on every surface (CLI, API, pages, exports):
exact name, then case-insensitive, then the aliases, metonyms and demonym-free names of
the data files ("russia", "the Kremlin" -> Russia; "Wagner" -> Wagner Group).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

import duckdb

from backers.fuse.catalogue import Catalogue, load

# Actor lists by fusion generation: every ``fuse.update`` writes a new random token to
# ``fuse_state`` in its own transaction, so an entry describes exactly the fused tables
# that carry its token and cannot go stale; a new token is simply a miss. Few entries are
# kept (one per store a process reads, in practice one); a store without a token (fused
# before tokens existed) is not cached until its next update.
T = TypeVar("T")
_ACTORS: dict[str, tuple[list[str], dict[str, list[str]]]] = {}
_ACTORS_KEPT = 8


def _generation(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute("SELECT value FROM fuse_state WHERE key = 'generation'").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def per_fusion(con: duckdb.DuckDBPyConnection, cache: dict[str, T], compute: Callable[[], T]) -> T:
    """``compute()``, remembered in ``cache`` under the store's fusion generation (a
    store without one is not cached): what every request would otherwise recompute from
    the whole fused tables."""
    generation = _generation(con)
    if generation is not None and generation in cache:
        return cache[generation]
    value = compute()
    if generation is not None:
        if len(cache) >= _ACTORS_KEPT:
            cache.clear()  # one step, safe for the server's request threads
        cache[generation] = value
    return value


def _actor_index(con: duckdb.DuckDBPyConnection) -> tuple[list[str], dict[str, list[str]]]:
    """Every actor, sorted, and the actors under each DuckDB ``lower()`` of their name.

    Cached by fusion generation: the union over every relation costs more than the rest
    of a small request, and every request resolves its actor names with it."""

    def compute() -> tuple[list[str], dict[str, list[str]]]:
        rows = con.execute(
            "SELECT a, lower(a) FROM (SELECT supporter AS a FROM fuse_relations"
            " UNION SELECT recipient FROM fuse_relations)"
        ).fetchall()
        by_lower: dict[str, list[str]] = defaultdict(list)
        for name, low in sorted(rows):
            by_lower[low].append(name)
        return sorted(r[0] for r in rows), dict(by_lower)

    return per_fusion(con, _ACTORS, compute)


def actors(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every supporter and recipient of a fused relation, sorted."""
    return list(_actor_index(con)[0])


def spellings(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The stored actors equal to ``name`` ignoring case, as SQL ``lower(a) = lower(?)``
    decides it (DuckDB's ``lower``, not Python's). Filtering ``r.recipient IN (these)``
    selects the same rows as comparing lower-cased names, but lets DuckDB compare the
    stored strings (dictionary-encoded) instead of lower-casing every row."""
    low = con.execute("SELECT lower(?)", [name]).fetchone()[0]
    return list(_actor_index(con)[1].get(low, ()))


def resolve_actor(
    con: duckdb.DuckDBPyConnection, name: str, *, catalogue: Catalogue | None = None
) -> str | None:
    """The canonical name in the store that ``name`` means, or None.

    Tries an exact match, then a case-insensitive one, then the aliases, metonyms and
    demonym-free names of the data files ("Kremlin" -> Russia).
    """
    name = " ".join((name or "").split())
    if not name:
        return None
    known = actors(con)
    if name in known:
        return name
    lower = {a.lower(): a for a in known}
    if name.lower() in lower:
        return lower[name.lower()]
    cat = catalogue if catalogue is not None else load()
    canonical = cat.actor_alias.get(name.lower())
    if canonical and canonical.lower() in lower:
        return lower[canonical.lower()]
    return None


def suggest_actors(con: duckdb.DuckDBPyConnection, name: str, n: int = 3) -> list[str]:
    """Close names of actors in the store, for an "unknown actor" message."""
    known = actors(con)
    by_lower = {a.lower(): a for a in known}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.6)
    partial = [a for k, a in by_lower.items() if name.lower() in k and a not in close]
    return [by_lower[c] for c in close] + partial[: max(0, n - len(close))]
