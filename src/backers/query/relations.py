"""Relations: the claims about one supporter -> recipient pair, taken together.

Fusion (``backers.fuse.query``) owns how claims become relations: near-duplicates,
denials, confidence. Until a store has fused relations this module groups the claims
table directly with the same output shape, so the API and the pages do not change when
fusion lands. Callers use only the functions here.
"""

from __future__ import annotations

import math
from typing import Any

import duckdb

from backers.query.claims import CLAIM_COLUMNS, with_context
from backers.query.filters import CLAIM_DATE, SOURCE_KEY, Filters, full_where
from backers.records import content_hash
from backers.store.db import row_dicts

# How much one independent source of each certainty adds to a relation's confidence in the
# fallback grouping; a denial adds nothing (it is shown as ``denied_by``).
CERTAINTY_WEIGHT = {"confirmed": 1.0, "stated": 0.7, "assessed": 0.5, "alleged": 0.3, "denied": 0.0}


def relation_id(supporter: str, recipient: str) -> str:
    """A stable id for a pair, safe in URLs and DOM attributes."""
    return content_hash(f"{supporter}\x1f{recipient}")[:12]


def _grouped(con: duckdb.DuckDBPyConnection, flt: Filters) -> str:
    del con
    where, _ = full_where(flt)
    return (
        "SELECT c.supporter, c.recipient,"
        " list_sort(list_distinct(list(c.type))) AS types,"
        " list_sort(list_distinct(list(c.status))) AS statuses,"
        " list_sort(list_distinct(list(c.certainty))) AS certainties,"
        " count(*) AS claims,"
        f" count(DISTINCT {SOURCE_KEY}) AS sources,"
        " list_sort(list_distinct(list(coalesce(c.claimant, d.outlet))"
        "   FILTER (WHERE c.certainty <> 'denied'))) AS claimants,"
        " list_sort(list_distinct(list(coalesce(c.claimant, c.claimant_affiliation, d.outlet))"
        "   FILTER (WHERE c.certainty = 'denied'))) AS denied_by,"
        " list_sort(list_distinct(flatten(list(coalesce(c.items, []))))) AS items,"
        f" min({CLAIM_DATE}) AS first_seen, max({CLAIM_DATE}) AS last_seen,"
        f" list(DISTINCT {SOURCE_KEY} || '\x1f' || c.certainty) AS source_certainties"
        f" FROM claims c JOIN documents d ON d.id = c.article_id WHERE {where}"
        " GROUP BY c.supporter, c.recipient"
    )


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    best: dict[str, float] = {}
    for pair in row.pop("source_certainties") or []:
        source, _, certainty = pair.partition("\x1f")
        best[source] = max(best.get(source, 0.0), CERTAINTY_WEIGHT.get(certainty, 0.0))
    row["confidence"] = round(1 - math.exp(-sum(best.values())), 3)
    row["id"] = relation_id(row["supporter"], row["recipient"])
    for key in ("claimants", "denied_by", "items"):
        row[key] = row[key] or []
    return row


def list_relations(
    con: duckdb.DuckDBPyConnection, flt: Filters, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of relations, best-sourced first, and how many there are."""
    _, params = full_where(flt)
    sql = _grouped(con, flt)
    total = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    cur = con.execute(
        f"SELECT * FROM ({sql}) ORDER BY sources DESC, claims DESC, supporter, recipient"
        " LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [_finish(r) for r in row_dicts(cur)], total


def relation_evidence(
    con: duckdb.DuckDBPyConnection, supporter: str, recipient: str, flt: Filters | None = None
) -> dict[str, Any] | None:
    """The relation between two actors with every claim behind it in context, or ``None``
    when no claim links them (under the filters)."""
    flt = Filters(**{**(flt or Filters()).__dict__, "supporter": supporter, "recipient": recipient})
    rows, _ = list_relations(con, flt, limit=1, offset=0)
    if not rows:
        return None
    relation = rows[0]
    where, params = full_where(flt)
    claims = row_dicts(
        con.execute(
            f"SELECT {CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id = c.article_id"
            f" WHERE {where} ORDER BY {CLAIM_DATE} NULLS LAST, c.id",
            params,
        )
    )
    with_context(con, claims)
    relation["evidence"] = claims
    return relation


def graph(con: duckdb.DuckDBPyConnection, flt: Filters) -> dict[str, Any]:
    """Nodes and edges of who backs whom under the filters, for the network page and
    the graph exports."""
    _, params = full_where(flt)
    edges = [
        _finish(r) for r in row_dicts(con.execute(f"SELECT * FROM ({_grouped(con, flt)})", params))
    ]
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        for name, role in ((e["supporter"], "backs"), (e["recipient"], "backed_by")):
            node = nodes.setdefault(
                name, {"id": name, "label": name, "backs": 0, "backed_by": 0, "sources": 0}
            )
            node[role] += 1
            node["sources"] += e["sources"]
    out_edges = [
        {
            "id": e["id"],
            "source": e["supporter"],
            "target": e["recipient"],
            "types": e["types"],
            "statuses": e["statuses"],
            "certainties": e["certainties"],
            "sources": e["sources"],
            "claims": e["claims"],
            "claimants": e["claimants"],
            "denied_by": e["denied_by"],
            "first_seen": e["first_seen"],
            "last_seen": e["last_seen"],
            "confidence": e["confidence"],
        }
        for e in sorted(edges, key=lambda e: (-e["sources"], e["supporter"], e["recipient"]))
    ]
    return {"nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": out_edges}


def resolve_actor(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The stored spelling of an actor named ``name`` (case-insensitive), or ``None``."""
    row = con.execute(
        "SELECT name FROM (SELECT supporter AS name FROM claims UNION"
        " SELECT recipient FROM claims) WHERE lower(name) = lower(?) LIMIT 1",
        [name],
    ).fetchone()
    return row[0] if row else None
