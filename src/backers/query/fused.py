"""Reading the fused relations (``backers.fuse`` writes them; this module only reads).

Filters are built by :mod:`backers.query.filters`, the one builder of every surface: every
value is a bound parameter, and actor names are resolved first (case-insensitive, then the
aliases of the data files: "russia", "the Kremlin" -> Russia), so callers may pass what a
user typed.

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

import json
from collections import defaultdict
from typing import Any

import duckdb

from backers import sources as source_ratings
from backers.fuse.catalogue import load
from backers.fuse.confidence import explain
from backers.query.corrections import CLAIMS
from backers.query.filters import FUSED_SEEN, Filters, claim_conditions, is_one_of, relation_where
from backers.query.names import actors, resolve_actor, spellings, suggest_actors
from backers.records import content_hash
from backers.store.db import row_dicts

__all__ = ["actors", "resolve_actor", "suggest_actors"]

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
    doc_id: str | None = None,
    min_reliability: int | None = None,
    no_state_media: bool | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """One page of relation dicts, most confident first, and how many match in all."""
    where, params = relation_where(
        con,
        Filters.of(
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
            doc_id=doc_id,
            min_reliability=min_reliability,
            no_state_media=no_state_media,
        ),
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


def _confidence(score: float, ingredients: Any, type_: str) -> dict[str, Any]:
    """The best relation's confidence for a pair: score, ingredients, its type, and the
    one line every surface shows ("0.80 arms (confirmed; 7 sources, 8 parties; ...)")."""
    found = {"score": score, "ingredients": _loads(ingredients), "type": type_}
    return {**found, "explained": explain(found)}


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
    recipients, params = is_one_of("recipient", spellings(con, name))
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
                "confidence": _confidence(score, ingredients, best_type),
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


EVIDENCE = f"""
SELECT c.id, list(l.relation_id ORDER BY l.relation_id) AS relation_ids, any_value(l.role) AS role,
       c.type, c.status, c.certainty, c.claimant, c.claimant_affiliation, c.items, c.quantity,
       c.location, c."time", c.evidence, c.sentence, c.start, c."end", c.doc_id, c.article_id,
       c.extractor, c.correction, d.outlet, d.url, d.title, d.published, d.published_precision,
       json_extract_string(d.meta, '$.date_source') AS date_source,
       any_value(l.seen_from) AS seen, any_value(l.source_key) AS source_key
FROM fuse_claims l JOIN {CLAIMS} c ON c.id = l.claim_id
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
    ``relation_ids``, ``denies`` (for a denial: the ids of the supporting claims it
    contradicts), ``seen`` (date used), ``source_key`` (its independent source),
    ``reprints`` (articles of the pair sharing that source) and ``reported_by`` (their
    outlets). Claims are ordered by date, then source.
    """
    sup = resolve_actor(con, supporter) or supporter
    rec = resolve_actor(con, recipient) or recipient
    rels, _ = list_relations(con, supporter=sup, recipient=rec, limit=1_000_000)
    rows = row_dicts(con.execute(EVIDENCE, [sup, rec]))
    by_source: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_source[row["source_key"]].add(row["article_id"])
        if row["outlet"]:
            outlets[row["source_key"]].add(row["outlet"])
    supporting: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["role"] == "for":
            for rid in row["relation_ids"]:
                supporting[rid].append(row["id"])
    for row in rows:
        row["reprints"] = len(by_source[row["source_key"]])
        row["reported_by"] = sorted(outlets[row["source_key"]])
        row["items"] = list(row["items"] or [])
        # A denial is linked to the claims it denies: those of the relations it contradicts.
        row["denies"] = (
            sorted({c for rid in row["relation_ids"] for c in supporting[rid]})
            if row["role"] == "against"
            else []
        )
    rows.sort(key=lambda r: (r["seen"] or "", r["source_key"], r["role"], r["id"]))
    source_ratings.annotate(rows)  # each sentence shown with its outlet's rating
    return {"supporter": sup, "recipient": rec, "relations": rels, "claims": rows}


def graph(
    con: duckdb.DuckDBPyConnection,
    *,
    pairs: list[str] | None = None,
    most_claimants: int | None = None,
    counted: dict[str, tuple[int, int]] | None = None,
    **filters: Any,
) -> dict[str, Any]:
    """Nodes and edges of the filtered relations, one edge per (supporter, recipient).

    Takes the filters of :func:`list_relations` (``limit``/``offset`` are ignored: a graph
    is whole); ``pairs`` (supporter and recipient joined by a unit separator) keeps only
    those edges, so :mod:`backers.query.network` details one page of a large graph and no
    more; ``most_claimants`` reads only the first (most-sourced) claimants and deniers of
    each relation, for pages that show a few (then ``claimants_more`` says some were left).
    Edge ``sources`` counts independent sources across the edge's types: of its
    supporting claims, or of the claims matching the claim-level filters when any are
    given (denials too, as ``min_sources`` counts them: ``certainty=denied`` counts the
    denials' sources); ``confidence`` is the
    best relation's ``{score, ingredients, type}``. ``counted`` gives each pair's
    ``(sources, articles)`` already counted under the same filters (the network's
    ranking counts them): then no claim is read here.
    """
    filters.pop("limit", None)
    filters.pop("offset", None)
    cat = load()
    flt = Filters.of(**filters)
    where, params = relation_where(con, flt)
    if pairs is not None:
        where += " AND r.supporter || '\x1f' || r.recipient IN (SELECT unnest(?::VARCHAR[]))"
        params = [*params, list(pairs)]
    conds, cond_params = claim_conditions(flt, seen=FUSED_SEEN)
    cond = " AND ".join(conds)
    if most_claimants is None:
        names, affiliations, most = "'$[*].name'", "'$[*].affiliation'", "1e18"
        keep, kept = "", ""
    else:
        # the first n, as paths: entries past the end come back NULL and are dropped
        n = range(int(most_claimants))
        names = "[" + ", ".join(f"'$[{i}].name'" for i in n) + "]"
        affiliations = "[" + ", ".join(f"'$[{i}].affiliation'" for i in n) + "]"
        most = str(int(most_claimants))
        keep, kept = "list_filter", ", lambda p: p[1] IS NOT NULL OR p[2] IS NOT NULL"
    # the claims and their documents are read only when a claim-level filter needs them
    if counted is not None:
        cond, cond_params = "FALSE", []  # counted already: no claim is read below
    joins = (
        f"\n        JOIN {CLAIMS} c ON c.id = l.claim_id"
        " LEFT JOIN documents d ON d.id = c.article_id"
        if cond and counted is None
        else ""
    )
    sql = f"""
    WITH rel AS MATERIALIZED (SELECT * FROM fuse_relations r WHERE {where}),
    counts AS (
        SELECT l.supporter, l.recipient, count(DISTINCT l.source_key) AS sources,
               count(DISTINCT l.article_id) AS articles
        FROM fuse_claims l JOIN rel r ON r.id = l.relation_id{joins}
        WHERE {cond or "l.role = 'for'"} GROUP BY ALL
    ),
    people AS MATERIALIZED (
        -- labels read with json_extract_string: fusion writes every claimant as a struct
        -- (name and affiliation always present, null or not), so the two lists align; it
        -- is several times faster than from_json on the long claimant lists of big stores
        SELECT supporter, recipient, side, list_sort(list_distinct(flatten(list(
                   list_transform({keep}(list_zip(
                       json_extract_string(people, {names}),
                       json_extract_string(people, {affiliations})){kept}),
                   lambda p: CASE WHEN p[2] IS NOT NULL AND p[1] <> p[2]
                                  THEN p[2] || ' (' || p[1] || ')'
                                  ELSE coalesce(p[1], p[2], 'unattributed') END))))) AS labels,
               bool_or(json_array_length(people) > {most}) AS more
        FROM (
            SELECT supporter, recipient, 'for' AS side, claimants_for AS people FROM rel
            UNION ALL
            SELECT supporter, recipient, 'against', claimants_against FROM rel
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
           coalesce(pf.labels, []) AS claimants, coalesce(pa.labels, []) AS denied_by,
           coalesce(pf.more, FALSE) OR coalesce(pa.more, FALSE) AS claimants_more
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
        if counted is not None:
            row["sources"], row["articles"] = counted.get(f"{sup}\x1f{rec}", (0, 0))
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
                **({"claimants_more": row["claimants_more"]} if most_claimants else {}),
                "first_seen": row["first_seen"],
                "last_seen": row["last_seen"],
                "confidence": _confidence(row["score"], row["ingredients"], row["best_type"]),
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
