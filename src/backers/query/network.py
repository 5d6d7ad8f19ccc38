"""The network at any scale: the most important edges first, a page at a time.

A store of a million claims has a quarter of a million supporter -> recipient pairs; no
page can draw them, and no response should carry them. :func:`network` ranks the pairs
the filters keep by their independent sources (fusion's count, of the matching claims
when claim-level filters are given, as :func:`backers.query.fused.graph` counts them),
details one page of them with that same function, and sizes each node by the
independent sources of every filtered relation it takes part in, shown or not.

Two narrowings on top of :class:`Filters`: ``focus`` (one actor's neighbourhood: the
actor, its partners, and the relations among them, the actor's own first) and
``parties`` (the relations naming one of a conflict's parties, see
:mod:`backers.query.conflicts`).
"""

from __future__ import annotations

from typing import Any

import duckdb

from backers import sources as source_ratings
from backers.fuse.catalogue import load
from backers.query import fused as fusion
from backers.query.actors import actor_sources
from backers.query.conflicts import conflicts
from backers.query.corrections import CLAIMS
from backers.query.filters import FUSED_SEEN, Filters, claim_conditions, relation_where
from backers.query.names import actors, per_fusion, resolve_actor, spellings
from backers.query.why import why_line

FOR_ONLY = "l.role = 'for'"


def _relations(
    con: duckdb.DuckDBPyConnection,
    flt: Filters,
    focus: str | None,
    parties: list[str] | None,
) -> tuple[str, list[Any]]:
    """The CTEs ``rel`` (filtered relations) and ``matching`` (their claims that count)."""
    where, params = relation_where(con, flt)
    if parties is not None:
        names = [n for p in parties for n in spellings(con, resolve_actor(con, p) or p)]
        where += (
            " AND (list_contains(?::VARCHAR[], r.supporter)"
            " OR list_contains(?::VARCHAR[], r.recipient))"
        )
        params += [names, names]
    conds, cond_params = claim_conditions(flt, seen=FUSED_SEEN)
    cond = " AND ".join(conds)
    joins = (
        f" JOIN {CLAIMS} c ON c.id = l.claim_id LEFT JOIN documents d ON d.id = c.article_id"
        if cond
        else ""
    )
    if focus is None:
        rel = (
            "rel AS MATERIALIZED (SELECT r.id, r.supporter, r.recipient"
            f" FROM fuse_relations r WHERE {where})"
        )
    else:
        rel = (
            "base AS MATERIALIZED (SELECT r.id, r.supporter, r.recipient"
            f" FROM fuse_relations r WHERE {where}),"
            " ego AS (SELECT ?::VARCHAR AS name"
            " UNION SELECT recipient FROM base WHERE supporter = ?"
            " UNION SELECT supporter FROM base WHERE recipient = ?),"
            " rel AS MATERIALIZED (SELECT * FROM base WHERE supporter IN (SELECT name FROM ego)"
            " AND recipient IN (SELECT name FROM ego))"
        )
        params += [focus, focus, focus]
    source = (
        f"fuse_claims l JOIN rel r ON r.id = l.relation_id{joins} WHERE {cond}"
        if cond
        else f"fuse_claims l WHERE l.relation_id IN (SELECT id FROM rel) AND {FOR_ONLY}"
    )
    sql = (
        f"WITH {rel}, matching AS (SELECT l.supporter, l.recipient, l.source_key,"
        f" l.article_id, l.seen_from FROM {source})"
    )
    return sql, [*params, *cond_params]


def network(
    con: duckdb.DuckDBPyConnection,
    flt: Filters,
    *,
    limit: int,
    offset: int = 0,
    focus: str | None = None,
    parties: list[str] | None = None,
) -> dict[str, Any]:
    """One page of the graph, most independent sources first.

    Returns ``{nodes, edges, total, limit, offset, next_offset, focus}``: edges as
    :func:`backers.query.fused.graph` makes them, each with ``why`` (a one-line summary),
    their claimant, denier and item lists cut to the first five (``claimants_more`` says
    some were left out; the evidence has them all) and the confidence without its
    ingredients;
    nodes with ``sources`` (independent sources of all their filtered relations) and
    ``partners`` (in the whole filtered graph; ``supports`` and ``backed_by`` count the
    edges of this page), so a page can say what it leaves out. ``focus`` is resolved
    ("Kremlin" -> Russia); an unknown actor has no neighbourhood (no edges).
    """
    if focus is not None:
        focus = resolve_actor(con, focus) or focus
    ctes, params = _relations(con, flt, focus, parties)
    if focus is None and parties is None and not flt.as_params():
        everything = ranked_pairs(con)  # the first screen: ranked once per fusion
        ranked, total = everything[offset : offset + limit], len(everything)
    else:
        ranked, total = _rank(con, ctes, params, focus, limit, offset)
    keys = [f"{s}\x1f{r}" for s, r, _, _ in ranked]
    counted = {f"{s}\x1f{r}": (n, a) for s, r, n, a in ranked}
    found = (
        fusion.graph(
            con, pairs=keys, most_claimants=MOST_LISTED, counted=counted, **flt.fusion_kwargs()
        )
        if keys
        else {"edges": []}
    )
    order = {key: i for i, key in enumerate(keys)}
    edges = sorted(found["edges"], key=lambda e: order[f"{e['source']}\x1f{e['target']}"])
    for edge in edges:
        edge["why"] = why_line(edge)
        _trim(edge)
    nodes = _nodes(con, flt, ctes, params, edges)
    nxt = offset + limit
    return {
        "nodes": nodes,
        "edges": edges,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": nxt if nxt < total else None,
        "focus": focus,
    }


_RANK = (
    "{ctes}, counts AS (SELECT supporter, recipient, count(DISTINCT source_key) AS n,"
    " count(DISTINCT article_id) AS a FROM matching GROUP BY ALL),"
    " pairs AS (SELECT DISTINCT supporter, recipient FROM rel)"
    " SELECT r.supporter, r.recipient, coalesce(k.n, 0), coalesce(k.a, 0),"
    " count(*) OVER () AS total"
    " FROM pairs r LEFT JOIN counts k USING (supporter, recipient)"
    " ORDER BY {first}coalesce(k.n, 0) DESC, r.supporter, r.recipient"
)


def _rank(
    con: duckdb.DuckDBPyConnection,
    ctes: str,
    params: list[Any],
    focus: str | None,
    limit: int,
    offset: int,
) -> tuple[list[tuple[str, str, int, int]], int]:
    """One page of the pairs under the filters, most independent sources first (the
    focus's own first), with their sources and articles counted in the same scan the
    ranking needs (the edges are then built from aggregated columns only), and how many
    pairs there are in all."""
    first = "(r.supporter = ? OR r.recipient = ?) DESC, " if focus else ""
    rows = con.execute(
        _RANK.format(ctes=ctes, first=first) + " LIMIT ? OFFSET ?",
        [*params, *([focus, focus] if focus else []), int(limit), int(offset)],
    ).fetchall()
    total = rows[0][4] if rows else _count(con, ctes, params)
    return [r[:4] for r in rows], total


# The unfiltered ranking, by fusion generation: the first screen everybody opens.
_RANKED: dict[str, list[tuple[str, str, int, int]]] = {}


def ranked_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int, int]]:
    """Every pair of the store, most independent sources first: ``(supporter, recipient,
    sources, articles)``. Computed once per fusion (and by :func:`prime` when a server
    opens a snapshot), so the network page's first screen scans no claim."""

    def compute() -> list[tuple[str, str, int, int]]:
        ctes, params = _relations(con, Filters(), None, None)
        rows = con.execute(_RANK.format(ctes=ctes, first=""), params).fetchall()
        return [r[:4] for r in rows]

    return per_fusion(con, _RANKED, compute)


def prime(con: duckdb.DuckDBPyConnection) -> None:
    """Compute what the first screen of the network page needs from the whole store (the
    ranking of every pair, every actor's sources, the actor index), once per fusion, and
    the data files every page reads: a server calls it when it opens a snapshot, before
    any request reads it."""
    ranked_pairs(con)
    actor_sources(con)
    actors(con)
    load()  # the catalogue, the conflicts and the source ratings: read once a process
    conflicts()
    source_ratings.table()


def periods(
    con: duckdb.DuckDBPyConnection,
    flt: Filters,
    *,
    focus: str | None = None,
    parties: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Claims counted per period as dated, ignoring the date filters (the extent a time
    slider spans): ``{period, precision, claims}`` with ``period`` "2015" for a claim
    dated to the year only and "2015-05" for a month or a day, so a year is never drawn
    as if it were a month. Oldest first."""
    if focus is not None:
        focus = resolve_actor(con, focus) or focus
    ctes, params = _relations(con, flt.replace(date_from=None, date_to=None), focus, parties)
    rows = con.execute(
        f"{ctes} SELECT substr(seen_from, 1, 7) AS period, count(*) FROM matching"
        " WHERE seen_from IS NOT NULL GROUP BY period ORDER BY period",
        params,
    ).fetchall()
    return [
        {"period": p, "precision": "year" if len(p) == 4 else "month", "claims": n} for p, n in rows
    ]


def _count(con: duckdb.DuckDBPyConnection, ctes: str, params: list[Any]) -> int:
    sql = f"{ctes} SELECT count(*) FROM (SELECT DISTINCT supporter, recipient FROM rel)"
    return con.execute(sql, params).fetchone()[0]


def _nodes(
    con: duckdb.DuckDBPyConnection,
    flt: Filters,
    ctes: str,
    params: list[Any],
    edges: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The actors of ``edges``: their independent sources under the filters (whatever the
    view: a focus or a conflict does not shrink an actor) and their partners in the view."""
    names = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    if not names:
        return []
    partners = dict(
        con.execute(
            f"{ctes}, sides AS (SELECT supporter AS name, recipient AS other FROM rel"
            " WHERE list_contains(?::VARCHAR[], supporter)"
            " UNION SELECT recipient, supporter FROM rel"
            " WHERE list_contains(?::VARCHAR[], recipient))"
            " SELECT name, count(DISTINCT other) FROM sides GROUP BY name",
            [*params, names, names],
        ).fetchall()
    )
    if not flt.as_params():
        sources = actor_sources(con)  # the whole store's, computed once per fusion
    else:
        whole, whole_params = _relations(con, flt, None, None)
        sources = dict(
            con.execute(
                f"{whole} SELECT name, count(DISTINCT source_key) FROM ("
                " SELECT supporter AS name, source_key FROM matching"
                " WHERE list_contains(?::VARCHAR[], supporter) UNION ALL"
                " SELECT recipient, source_key FROM matching"
                " WHERE list_contains(?::VARCHAR[], recipient)) GROUP BY name",
                [*whole_params, names, names],
            ).fetchall()
        )
    shown: dict[str, dict[str, int]] = {n: {"supports": 0, "backed_by": 0} for n in names}
    for e in edges:
        shown[e["source"]]["supports"] += 1
        shown[e["target"]]["backed_by"] += 1
    kinds = load()
    return [
        {
            "id": name,
            "label": name,
            "kind": kinds.kind(name),
            **shown[name],
            "partners": partners.get(name, 0),
            "sources": sources.get(name, 0),
        }
        for name in names
    ]


# What an edge of a big page keeps of its lists: a pair reported by hundreds of
# spokespeople would otherwise weigh kilobytes; the evidence has them all.
MOST_LISTED = 5


def _trim(edge: dict[str, Any]) -> dict[str, Any]:
    edge["items_total"] = len(edge["items"])
    for key in ("claimants", "denied_by", "items"):
        edge[key] = edge[key][:MOST_LISTED]
    confidence = edge["confidence"]
    edge["confidence"] = {k: confidence[k] for k in ("score", "type", "explained")}
    edge["relations"] = len(edge.pop("relation_ids"))
    return edge
