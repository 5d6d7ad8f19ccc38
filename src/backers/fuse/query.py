"""Reading fused relations: the one query layer for the CLI, the API and the exports.

Every filter is a bound parameter. Actor names are resolved first (case-insensitive, then
the aliases of the data files: "russia", "the Kremlin" -> Russia), so callers may pass what
a user typed.

A **relation dict** (``list_relations``, ``relation_evidence``, ``who_backs``) has:

``id``            16 hex digits from (supporter, recipient, type)
``supporter``, ``recipient``, ``type``
``status``        the latest status seen
``statuses``      history, oldest first: ``[{status, first_seen, last_seen, claims,
                  sources}]``, e.g. pledged 2023-01 -> delivered 2023-03 -> halted 2024-02
``items``         what is supplied, as catalogue families (``Shahed``) or as written
``claimants_for`` ``[{name, affiliation, certainty, certainties, own_voice, sources,
                  articles, outlets}]``: who asserts it (``certainty`` is the strongest
                  of ``certainties``; ``own_voice``: the outlet says it unattributed)
``claimants_against``  the same for the denials (certainty ``denied``)
``certainties``   certainties of the supporting claims
``sources``       independent sources (near-duplicate texts and shared sentences count once)
``articles``      articles with a supporting claim; ``claims``; ``denials`` (denying claims)
``outlets``       outlets that reported a supporting claim
``first_seen``, ``last_seen``  ISO dates (claim time where resolved, else publication)
``confidence``    ``{score, ingredients}``: see :mod:`backers.fuse.confidence`

Filters on claim attributes (certainty, claimant, outlet, dates) select the relations that
have at least one supporting claim matching all of them together; ``min_sources`` then
counts only the matching claims' sources. The counts shown in a relation dict are always
its whole record; :func:`graph` edges count the matching sources.
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from typing import Any

import duckdb

from backers.fuse.catalogue import Catalogue, load
from backers.records import content_hash
from backers.store.db import row_dicts

_JSON_COLUMNS = ("statuses", "claimants_for", "claimants_against", "ingredients")
_HIDDEN = ("search_claimants", "search_outlets", "status_list", "ingredients")


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _relation(row: dict[str, Any]) -> dict[str, Any]:
    for key in _JSON_COLUMNS:
        row[key] = _loads(row.get(key))
    row["confidence"] = {"score": row["confidence"], "ingredients": row["ingredients"]}
    for key in _HIDDEN:
        row.pop(key, None)
    return row


# Actor lists by fusion generation: every ``fuse.update`` writes a new random token to
# ``fuse_state`` in its own transaction, so an entry describes exactly the fused tables
# that carry its token and cannot go stale; a new token is simply a miss. Few entries are
# kept (one per store a process reads, in practice one); a store without a token (fused
# before tokens existed) is not cached until its next update.
_ACTORS: dict[str, tuple[list[str], dict[str, list[str]]]] = {}
_ACTORS_KEPT = 8


def _generation(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute("SELECT value FROM fuse_state WHERE key = 'generation'").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def _actor_index(con: duckdb.DuckDBPyConnection) -> tuple[list[str], dict[str, list[str]]]:
    """Every actor, sorted, and the actors under each DuckDB ``lower()`` of their name.

    Cached by fusion generation: the union over every relation costs more than the rest
    of a small request, and every request resolves its actor names with it."""
    generation = _generation(con)
    if generation is not None and generation in _ACTORS:
        return _ACTORS[generation]
    rows = con.execute(
        "SELECT a, lower(a) FROM (SELECT supporter AS a FROM fuse_relations"
        " UNION SELECT recipient FROM fuse_relations)"
    ).fetchall()
    known = sorted(r[0] for r in rows)
    by_lower: dict[str, list[str]] = defaultdict(list)
    for name, low in sorted(rows):
        by_lower[low].append(name)
    index = (known, dict(by_lower))
    if generation is not None:
        if len(_ACTORS) >= _ACTORS_KEPT:
            _ACTORS.clear()  # one step, safe for the server's request threads
        _ACTORS[generation] = index
    return index


def actors(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every supporter and recipient of a fused relation, sorted."""
    return list(_actor_index(con)[0])


def _spellings(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The stored actors equal to ``name`` ignoring case, as SQL ``lower(a) = lower(?)``
    decides it (DuckDB's ``lower``, not Python's). Filtering ``r.recipient IN (these)``
    selects the same rows as comparing lower-cased names, but lets DuckDB compare the
    stored strings (dictionary-encoded) instead of lower-casing every row."""
    low = con.execute("SELECT lower(?)", [name]).fetchone()[0]
    return list(_actor_index(con)[1].get(low, ()))


def _is_one_of(column: str, names: list[str]) -> tuple[str, list[str]]:
    """``column`` equals one of ``names``: SQL and parameters."""
    if not names:
        return "FALSE", []
    if len(names) == 1:
        return f"{column} = ?", names
    return f"{column} IN ({', '.join('?' for _ in names)})", names


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


def _claim_where(**filters: Any) -> tuple[str, list[Any]]:
    """SQL condition on one supporting claim (``fuse_claims`` l, ``claims`` c,
    ``documents`` d) for the claim-level filters; ``""`` when none is given."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.get("certainty"):
        clauses.append("list_contains(?::VARCHAR[], c.certainty)")
        params.append(list(filters["certainty"]))
    if filters.get("claimant"):
        clauses.append(
            "(lower(c.claimant) = lower(?) OR lower(c.claimant_affiliation) = lower(?)"
            " OR (c.claimant IS NULL AND c.claimant_affiliation IS NULL"
            "     AND lower(d.outlet) = lower(?)))"
        )
        params += [filters["claimant"]] * 3
    if filters.get("outlet"):
        clauses.append("lower(d.outlet) = lower(?)")
        params.append(filters["outlet"])
    if filters.get("date_from"):
        clauses.append("coalesce(l.seen_to, l.seen_from) >= ?")
        params.append(str(filters["date_from"]))
    if filters.get("date_to"):
        clauses.append("left(l.seen_from, length(?)) <= ?")
        params += [str(filters["date_to"])] * 2
    return " AND ".join(clauses), params


_CLAIM_FILTERS = ("certainty", "claimant", "outlet", "date_from", "date_to")


def _only_certainty(filters: dict[str, Any]) -> bool:
    """Whether certainty is the one claim-level filter given."""
    return bool(filters.get("certainty")) and not any(
        filters.get(k) for k in _CLAIM_FILTERS if k != "certainty"
    )


_MATCHING = (
    "FROM fuse_claims l JOIN claims c ON c.id = l.claim_id"
    " LEFT JOIN documents d ON d.id = c.article_id"
    " WHERE l.relation_id = r.id AND l.role = 'for' AND {cond}"
)


def _where(con: duckdb.DuckDBPyConnection, **filters: Any) -> tuple[str, list[Any]]:
    """SQL condition on ``fuse_relations`` (alias r) and its parameters.

    Relation-level filters (actors, type, status) test the relation. Claim-level filters
    (certainty, claimant, outlet, dates) must hold *together* for at least one supporting
    claim ("confirmed in 2023" means one claim both confirmed and seen in 2023), and with
    them ``min_sources`` counts the independent sources of the matching claims only.
    """
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []

    def actor(value: str) -> list[str]:
        return _spellings(con, resolve_actor(con, value) or value)

    if filters.get("supporter"):
        sql, names = _is_one_of("r.supporter", actor(filters["supporter"]))
        clauses.append(sql)
        params += names
    if filters.get("recipient"):
        sql, names = _is_one_of("r.recipient", actor(filters["recipient"]))
        clauses.append(sql)
        params += names
    if filters.get("actor"):
        names = actor(filters["actor"])
        as_supporter, _ = _is_one_of("r.supporter", names)
        as_recipient, _ = _is_one_of("r.recipient", names)
        clauses.append(f"({as_supporter} OR {as_recipient})")
        params += names * 2
    if filters.get("type"):
        clauses.append("r.type = ?")
        params.append(filters["type"])
    if filters.get("status"):
        clauses.append("list_contains(r.status_list, ?)")
        params.append(filters["status"])
    cond, cond_params = _claim_where(**filters)
    if cond and _only_certainty(filters):
        # Same rows as the EXISTS below: ``certainties`` holds the certainty of every
        # supporting claim (role 'for'), written with them by the same fusion. Reading the
        # list saves joining claims and documents for every relation.
        clauses.append("list_has_any(r.certainties, ?::VARCHAR[])")
        params.append(list(filters["certainty"]))
    elif cond:
        clauses.append("EXISTS (SELECT 1 " + _MATCHING.format(cond=cond) + ")")
        params += cond_params
    if filters.get("min_sources") is not None:
        if cond:
            clauses.append(
                "(SELECT count(DISTINCT l.source_key) " + _MATCHING.format(cond=cond) + ") >= ?"
            )
            params += [*cond_params, int(filters["min_sources"])]
        else:
            clauses.append("r.sources >= ?")
            params.append(int(filters["min_sources"]))
    return " AND ".join(clauses), params


def list_relations(
    con: duckdb.DuckDBPyConnection,
    *,
    supporter: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - the contract's field name
    status: str | None = None,
    certainty: list[str] | None = None,
    claimant: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    min_sources: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """One page of relation dicts, most confident first, and how many match in all."""
    where, params = _where(
        con,
        supporter=supporter,
        recipient=recipient,
        actor=actor,
        type=type,
        status=status,
        certainty=certainty,
        claimant=claimant,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        min_sources=min_sources,
    )
    total = con.execute(f"SELECT count(*) FROM fuse_relations r WHERE {where}", params)
    total = total.fetchone()[0]
    cur = con.execute(
        f"SELECT * FROM fuse_relations r WHERE {where}"
        " ORDER BY r.confidence DESC, r.sources DESC, r.supporter, r.recipient, r.type"
        " LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    )
    return [_relation(r) for r in row_dicts(cur)], total


def _party_label(c: dict[str, Any]) -> str:
    """ "United States (John Kirby)", "Reuters", "United States"."""
    name, aff = c.get("name"), c.get("affiliation")
    if aff and name and name != aff:
        return f"{aff} ({name})"
    return name or aff or "unattributed"


def _backs(rel: dict[str, Any]) -> bool:
    """Whether a relation says any support happened or was promised or asked: not only
    denied (no claim for it) and not only refused."""
    return rel["claims"] > 0 and any(s["status"] != "refused" for s in rel["statuses"])


_CLAIMANT = '[{"name": "VARCHAR", "affiliation": "VARCHAR", "sources": "BIGINT"}]'
_LABEL = (
    "CASE WHEN nullif(c.affiliation, '') IS NOT NULL AND nullif(c.name, '') IS NOT NULL"
    " AND c.name <> c.affiliation THEN c.affiliation || ' (' || c.name || ')'"
    " ELSE coalesce(nullif(c.name, ''), nullif(c.affiliation, ''), 'unattributed') END"
)
# The order of list_relations within one supporter; its first relation is the best.
_GROUP_ORDER = "confidence DESC, sources DESC, recipient, type"

# One row per supporter of the recipients bound first (the spellings of one actor), what
# who_backs computed in Python from every relation dict, aggregated where the rows are:
# labels as _party_label makes them, summed over relations, most sources first; types
# with a supporting claim in listing order; the best relation (first in listing order);
# sources and articles of the supporting claims naming the recipient exactly.
_WHO_BACKS = f"""
WITH rel AS (
    SELECT * FROM fuse_relations WHERE {{recipients}}
), people AS (
    SELECT supporter, side, {_LABEL} AS label, sum(c.sources) AS n
    FROM (
        SELECT supporter, 'for' AS side,
               unnest(from_json(claimants_for, '{_CLAIMANT}')) AS c FROM rel
        UNION ALL
        SELECT supporter, 'against', unnest(from_json(claimants_against, '{_CLAIMANT}'))
        FROM rel
    )
    GROUP BY supporter, side, label
), labels AS (
    SELECT supporter,
           coalesce(list(label ORDER BY n DESC, label) FILTER (WHERE side = 'for'), [])
               AS claimed_by,
           coalesce(list(label ORDER BY n DESC, label) FILTER (WHERE side = 'against'), [])
               AS denied_by
    FROM people GROUP BY supporter
), counts AS (
    SELECT supporter, count(DISTINCT source_key) AS sources,
           count(DISTINCT article_id) AS articles
    FROM fuse_claims WHERE recipient = ? AND role = 'for' GROUP BY supporter
), groups AS (
    SELECT supporter,
           bool_or(claims > 0
                   AND len(list_filter(status_list, lambda s: s <> 'refused')) > 0) AS backs,
           coalesce(list(type ORDER BY {_GROUP_ORDER}) FILTER (WHERE claims > 0), [])
               AS types,
           list_distinct(flatten(list(items))) AS items,
           list_distinct(flatten(list(status_list))) AS statuses,
           min(first_seen) AS first_seen, max(last_seen) AS last_seen,
           first(confidence ORDER BY {_GROUP_ORDER}) AS score,
           first(ingredients ORDER BY {_GROUP_ORDER}) AS ingredients,
           first(type ORDER BY {_GROUP_ORDER}) AS best_type
    FROM rel GROUP BY supporter
)
SELECT g.supporter, g.types, g.items, g.statuses, coalesce(l.claimed_by, []),
       coalesce(k.sources, 0), coalesce(k.articles, 0), coalesce(l.denied_by, []),
       g.first_seen, g.last_seen, g.score, g.ingredients, g.best_type
FROM groups g LEFT JOIN labels l USING (supporter) LEFT JOIN counts k USING (supporter)
WHERE g.backs
"""


def who_backs(
    con: duckdb.DuckDBPyConnection, actor: str, *, relations: bool = False
) -> list[dict[str, Any]]:
    """The supporters of ``actor``, one dict per supporter, best sourced first.

    Each: ``supporter``, ``types``, ``items``, ``statuses``, ``claimed_by`` (labels like
    "United States (John Kirby)", most sources first), ``sources`` (independent, across all
    types), ``articles``, ``denied_by``, ``first_seen``, ``last_seen`` and ``confidence``
    (the best relation's ``{score, ingredients, type}``); with ``relations=True`` also
    ``relations`` (the supporter's relation dicts, as ``list_relations`` gives them).
    A supporter whose relations are only denied, or only refused, is left out: nobody says
    it backs the actor (``list_relations`` still has those relations).

    Everything but the relation dicts is aggregated by DuckDB. The relation dicts are
    asked for only where they are shown (``--json``, the evidence view): a much-reported
    actor has thousands of relations, whose claimant lists take far longer to decode than
    the whole summary takes to compute.
    """
    name = resolve_actor(con, actor) or actor
    spellings = _spellings(con, name)
    recipients, params = _is_one_of("recipient", spellings)
    rows = con.execute(_WHO_BACKS.replace("{recipients}", recipients), [*params, name]).fetchall()
    result = []
    for (
        supporter, types, items, statuses, claimed_by, sources, articles, denied_by,
        first_seen, last_seen, score, ingredients, best_type,
    ) in rows:  # fmt: skip
        result.append(
            {
                "supporter": supporter,
                "recipient": name,
                "types": list(types),
                "items": sorted(items),
                "statuses": sorted(statuses),
                "claimed_by": list(claimed_by),
                "sources": sources,
                "articles": articles,
                "denied_by": list(denied_by),
                "first_seen": first_seen,
                "last_seen": last_seen,
                "confidence": {
                    "score": score,
                    "ingredients": _loads(ingredients),
                    "type": best_type,
                },
            }
        )
    result.sort(key=lambda g: (-g["sources"], -g["confidence"]["score"], g["supporter"]))
    if relations and result:
        rels, _ = list_relations(con, recipient=name, limit=1_000_000)
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rel in rels:
            grouped[rel["supporter"]].append(rel)
        for row in result:
            row["relations"] = grouped[row["supporter"]]
    return result


_EVIDENCE = """
SELECT c.id, list(l.relation_id ORDER BY l.relation_id) AS relation_ids, any_value(l.role) AS role,
       c.type, c.status, c.certainty, c.claimant, c.claimant_affiliation, c.items, c.quantity,
       c.location, c."time", c.evidence, c.sentence, c.start, c."end", c.doc_id, c.article_id,
       c.extractor, d.outlet, d.url, d.title, d.published,
       any_value(l.seen_from) AS seen, any_value(l.source_key) AS source_key
FROM fuse_claims l JOIN claims c ON c.id = l.claim_id
LEFT JOIN documents d ON d.id = c.article_id
WHERE l.supporter = ? AND l.recipient = ?
GROUP BY ALL
"""


def relation_evidence(
    con: duckdb.DuckDBPyConnection, supporter: str, recipient: str
) -> dict[str, Any]:
    """Everything behind supporter -> recipient: its relations and every claim.

    Returns ``{supporter, recipient, relations: [relation dict], claims: [...]}``; each
    claim has its contract fields (sentence, offsets, claimant, certainty, status, type...),
    its document (doc_id, outlet, url, title, published), ``role`` (``for`` or ``against``),
    ``relation_ids``, ``seen`` (date used), ``source_key`` (its independent source),
    ``reprints`` (articles of the pair sharing that source) and ``reported_by`` (their
    outlets). Claims are ordered by date, then source.
    """
    sup = resolve_actor(con, supporter) or supporter
    rec = resolve_actor(con, recipient) or recipient
    rels, _ = list_relations(con, supporter=sup, recipient=rec, limit=1_000_000)
    rows = row_dicts(con.execute(_EVIDENCE, [sup, rec]))
    by_source: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_source[row["source_key"]].add(row["article_id"])
        if row["outlet"]:
            outlets[row["source_key"]].add(row["outlet"])
    for row in rows:
        row["reprints"] = len(by_source[row["source_key"]])
        row["reported_by"] = sorted(outlets[row["source_key"]])
        row["items"] = list(row["items"] or [])
    rows.sort(key=lambda r: (r["seen"] or "", r["source_key"], r["role"], r["id"]))
    return {"supporter": sup, "recipient": rec, "relations": rels, "claims": rows}


def graph(con: duckdb.DuckDBPyConnection, **filters: Any) -> dict[str, Any]:
    """Nodes and edges of the filtered relations, one edge per (supporter, recipient).

    Takes the filters of :func:`list_relations` (``limit``/``offset`` are ignored: a graph
    is whole). Edge ``sources`` counts independent sources across the edge's types (of
    the claims matching the claim-level filters, when any are given); ``confidence`` is the
    best relation's ``{score, ingredients, type}``.
    """
    filters.pop("limit", None)
    filters.pop("offset", None)
    cat = load()
    where, params = _where(con, **filters)
    cond, cond_params = _claim_where(**filters)
    sql = f"""
    WITH rel AS (SELECT * FROM fuse_relations r WHERE {where}),
    counts AS (
        SELECT l.supporter, l.recipient, count(DISTINCT l.source_key) AS sources,
               count(DISTINCT l.article_id) AS articles
        FROM fuse_claims l JOIN rel r ON r.id = l.relation_id
        JOIN claims c ON c.id = l.claim_id LEFT JOIN documents d ON d.id = c.article_id
        WHERE l.role = 'for' AND {cond or "TRUE"} GROUP BY ALL
    ),
    people AS (
        SELECT supporter, recipient, side,
               list_sort(list_distinct(list(
                   CASE WHEN p.affiliation IS NOT NULL AND p.name <> p.affiliation
                        THEN p.affiliation || ' (' || p.name || ')'
                        ELSE coalesce(p.name, p.affiliation, 'unattributed') END))) AS labels
        FROM (
            SELECT supporter, recipient, 'for' AS side, unnest(from_json(claimants_for,
                   '[{{"name": "VARCHAR", "affiliation": "VARCHAR"}}]')) AS p FROM rel
            UNION ALL
            SELECT supporter, recipient, 'against', unnest(from_json(claimants_against,
                   '[{{"name": "VARCHAR", "affiliation": "VARCHAR"}}]')) FROM rel
        ) GROUP BY ALL
    ),
    edges AS (
        SELECT supporter, recipient,
               coalesce(list(type ORDER BY type) FILTER (WHERE claims > 0), []) AS types,
               list_sort(list_distinct(flatten(list(status_list)))) AS statuses,
               list_sort(list_distinct(flatten(list(certainties)))) AS certainties,
               list_sort(list_distinct(flatten(list(items)))) AS items,
               min(first_seen) AS first_seen, max(last_seen) AS last_seen,
               max(confidence) AS score,
               arg_max(ingredients, (confidence, type)) AS ingredients,
               arg_max(type, (confidence, type)) AS best_type,
               list(id ORDER BY type) AS relation_ids
        FROM rel GROUP BY supporter, recipient
    )
    SELECT e.*, coalesce(k.sources, 0) AS sources, coalesce(k.articles, 0) AS articles,
           coalesce(pf.labels, []) AS claimants, coalesce(pa.labels, []) AS denied_by
    FROM edges e
    LEFT JOIN counts k USING (supporter, recipient)
    LEFT JOIN people pf ON pf.supporter = e.supporter AND pf.recipient = e.recipient
         AND pf.side = 'for'
    LEFT JOIN people pa ON pa.supporter = e.supporter AND pa.recipient = e.recipient
         AND pa.side = 'against'
    ORDER BY e.supporter, e.recipient
    """
    out_edges = []
    node_stats: dict[str, dict[str, int]] = defaultdict(lambda: {"supports": 0, "backed_by": 0})
    for row in row_dicts(con.execute(sql, [*params, *cond_params])):
        sup, rec = row["supporter"], row["recipient"]
        out_edges.append(
            {
                "id": content_hash(f"{sup}\x1f{rec}")[:12],
                "source": sup,
                "target": rec,
                "types": list(row["types"]),
                "statuses": list(row["statuses"]),
                "certainties": list(row["certainties"]),
                "items": list(row["items"]),
                "sources": row["sources"],
                "articles": row["articles"],
                "claimants": list(row["claimants"]),
                "denied_by": list(row["denied_by"]),
                "first_seen": row["first_seen"],
                "last_seen": row["last_seen"],
                "confidence": {
                    "score": row["score"],
                    "ingredients": _loads(row["ingredients"]),
                    "type": row["best_type"],
                },
                "relation_ids": list(row["relation_ids"]),
            }
        )
        node_stats[sup]["supports"] += 1
        node_stats[rec]["backed_by"] += 1
    nodes = [
        {"id": name, "label": name, "kind": cat.kind(name), **stats}
        for name, stats in sorted(node_stats.items())
    ]
    return {"nodes": nodes, "edges": out_edges}
