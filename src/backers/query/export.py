"""Writing fused relations and their claims out for other tools.

Formats, each a function writing to an open text stream:

``jsonl``    one relation dict per line (``--table relations``), or one claim per line in
             the output contract's keys plus where it was read (``--table claims``);
``csv``      the same, flattened: lists joined with "; ", and every text cell that a
             spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
             tab or carriage return) prefixed with ``'``;
``gexf``     a dynamic directed graph for Gephi: one edge per (supporter, recipient),
             ``start``/``end`` = first/last seen as full dates, so the timeline works;
``graphml``  the same graph, static, with first/last seen as attributes;
``ftm``      FollowTheMoney entities (JSON lines) for Aleph and the FtM tools.

The FtM mapping: a state is a ``PublicBody`` (with its country code), any other actor an
``Organization``; a relation is an ``UnknownLink`` (subject = supporter, object =
recipient, ``role`` = "arms support from Iran to Russia", so the direction is readable),
or a ``Payment`` (payer, beneficiary) when its type is ``funding``; each document with a
claim is an ``Article`` (title, outlet, date, URL: never its text), and each claim a
``Documentation`` tying that Article to the link, with the sentence as ``summary``. Every
link has ``proof``. What FtM cannot hold: the claimant and the certainty of a claim, and
its status, have no field on Documentation, so they are written into its ``role`` text
("for: stated by John Kirby (United States), delivered"); known people who claim are
``Person`` entities, but nothing links them to their claims; the confidence ingredients
go into the link's ``description`` as text; the independent-source grouping is lost.
"""

from __future__ import annotations

import calendar
import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

import duckdb
import networkx as nx

from backers.fuse.catalogue import load
from backers.query import fused as query
from backers.query.claims import all_claims
from backers.query.corrections import CLAIMS
from backers.query.filters import Filters
from backers.store.db import row_dicts

FORMATS = ("gexf", "graphml", "csv", "jsonl", "ftm")
TABLES = ("relations", "claims")
# Formats that can write the claims table; the graphs and FtM are relations only.
CLAIM_FORMATS = ("csv", "jsonl")


def table_problem(fmt: str, table: str) -> str | None:
    """Why ``table`` cannot be written as ``fmt`` (one line), or None when it can: an
    option that does not apply is an error, never silently ignored."""
    if table not in TABLES:
        return f"table {table!r} is not one of {', '.join(TABLES)}"
    if table == "claims" and fmt not in CLAIM_FORMATS:
        return (
            f"the claims table is written as {' or '.join(CLAIM_FORMATS)} only;"
            f" {fmt} writes the relations (leave out the table option)"
        )
    return None


CLAIM_KEYS = (
    "doc_id", "supporter", "recipient", "type", "status", "certainty", "claimant",
    "claimant_affiliation", "items", "quantity", "location", "time", "evidence",
    "sentence", "start", "end",
)  # fmt: skip
CLAIM_EXTRA = (
    "id",
    "article_id",
    "role",
    "relation_id",
    "source_key",
    "outlet",
    "url",
    "published",
    "published_precision",
    "date_source",
    "rules",
    "correction",  # who corrected the claim, when, why, and the values as read (or null)
)
RELATION_COLUMNS = (
    "id", "supporter", "recipient", "type", "status", "statuses", "items", "claimants_for",
    "claimants_against", "sources", "articles", "claims", "denials", "outlets", "first_seen",
    "last_seen", "confidence", "confidence_ingredients",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value safe in a spreadsheet: lists joined, formula-like text defused with '."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _all_relations(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> list[dict]:
    filters = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
    rows, _ = query.list_relations(con, limit=10_000_000, offset=0, **filters)
    return rows


def _link_rows(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> list[dict]:
    """Each claim behind the filtered relations, once per relation it is linked to (for
    or against): what the FtM links are documented with."""
    ids = [r["id"] for r in _all_relations(con, filters)]
    if not ids:
        return []
    cur = con.execute(
        "SELECT c.*, l.role, l.relation_id, l.source_key, d.outlet, d.url, d.published,"
        " d.published_precision, json_extract_string(d.meta, '$.date_source') AS date_source"
        f" FROM fuse_claims l JOIN {CLAIMS} c ON c.id = l.claim_id"
        " LEFT JOIN documents d ON d.id = c.article_id"
        " WHERE l.relation_id IN (SELECT unnest(?::VARCHAR[]))"
        " ORDER BY c.supporter, c.recipient, l.relation_id, d.published, c.id",
        [ids],
    )
    out = []
    for row in row_dicts(cur):
        row["items"] = list(row["items"] or [])
        row["rules"] = list(row.get("rules") or [])
        out.append({k: row.get(k) for k in (*CLAIM_KEYS, *CLAIM_EXTRA)})
    return out


def claim_rows(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> list[dict]:
    """The claims the filters keep, exactly as ``backers claims`` and ``/api/claims``
    list them (one row per claim, current document versions only), in the contract's
    keys plus provenance: ``role`` (for, against, or empty when fusion left the claim
    out, e.g. a supporter backing itself), ``relation_id`` (the relations it is linked
    to, "; "-joined), ``source_key``."""
    flt = Filters.of(**filters)
    rows = all_claims(con, flt)
    links: dict[str, list[tuple[str, str, str]]] = {}
    ids = [r["id"] for r in rows]
    if ids:
        for cid, role, rid, key in con.execute(
            "SELECT claim_id, role, relation_id, source_key FROM fuse_claims"
            " WHERE claim_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY relation_id",
            [ids],
        ).fetchall():
            links.setdefault(cid, []).append((role, rid, key))
    out = []
    for row in rows:
        found = links.get(row["id"], [])
        row["role"] = found[0][0] if found else None
        row["relation_id"] = "; ".join(x[1] for x in found) or None
        row["source_key"] = found[0][2] if found else None
        row["items"] = list(row["items"] or [])
        row["rules"] = list(row.get("rules") or [])
        out.append({k: row.get(k) for k in (*CLAIM_KEYS, *CLAIM_EXTRA)})
    return out


def _flat_relation(rel: dict[str, Any]) -> dict[str, Any]:
    def who(c: dict[str, Any]) -> str:
        return f"{query._party_label(c)} [{c['certainty']}]"

    return {
        **{k: rel.get(k) for k in RELATION_COLUMNS},
        "statuses": [f"{s['status']} {s['first_seen'] or '?'}" for s in rel["statuses"]],
        "claimants_for": [who(c) for c in rel["claimants_for"]],
        "claimants_against": [who(c) for c in rel["claimants_against"]],
        "confidence": rel["confidence"]["score"],
        "confidence_ingredients": json.dumps(rel["confidence"]["ingredients"]),
    }


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_csv(rows: list[dict[str, Any]], columns: Iterable[str], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    cols = list(columns)
    writer.writerow(cols)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in cols])
    return len(rows)


def _full_date(value: str | None, end: bool) -> str | None:
    """'2022' -> 2022-01-01 (or 2022-12-31 as an end), '2022-10' -> 2022-10-01/31."""
    if not value or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        if len(parts) > 2:
            day = int(parts[2])
        else:
            day = calendar.monthrange(year, month)[1] if end else 1
        return f"{year:04d}-{month:02d}-{day:02d}"
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return None


def to_networkx(data: dict[str, Any], dynamic: bool) -> nx.DiGraph:
    """The graph of :func:`backers.query.fused.graph` as a networkx DiGraph with scalar
    attributes (lists joined with "; "), GEXF/GraphML-ready."""
    g = nx.DiGraph(name="backers: who backs whom")
    if dynamic:
        g.graph["mode"] = "dynamic"
    starts: dict[str, str] = {}
    for edge in data["edges"]:
        start = _full_date(edge["first_seen"], end=False)
        if start and (edge["source"] not in starts or start < starts[edge["source"]]):
            starts[edge["source"]] = start
        if start and (edge["target"] not in starts or start < starts[edge["target"]]):
            starts[edge["target"]] = start
    for node in data["nodes"]:
        attrs = {"label": node["label"], "kind": node["kind"],
                 "supports": node["supports"], "backed_by": node["backed_by"]}  # fmt: skip
        if dynamic and node["id"] in starts:
            attrs["start"] = starts[node["id"]]
        g.add_node(node["id"], **attrs)
    for edge in data["edges"]:
        attrs = {
            "id": edge["id"],
            "weight": float(max(edge["sources"], 1)),
            "types": "; ".join(edge["types"]),
            "statuses": "; ".join(edge["statuses"]),
            "certainties": "; ".join(edge["certainties"]),
            "items": "; ".join(edge["items"]),
            "sources": edge["sources"],
            "articles": edge["articles"],
            "claimants": "; ".join(edge["claimants"]),
            "denied_by": "; ".join(edge["denied_by"]),
            "first_seen": edge["first_seen"] or "",
            "last_seen": edge["last_seen"] or "",
            "confidence": float(edge["confidence"]["score"]),
            "confidence_ingredients": json.dumps(edge["confidence"]["ingredients"]),
        }
        if dynamic:
            start = _full_date(edge["first_seen"], end=False)
            stop = _full_date(edge["last_seen"], end=True)
            if start and stop:
                attrs["start"], attrs["end"] = start, stop
        g.add_edge(edge["source"], edge["target"], **attrs)
    return g


def ftm_entities(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> list[dict]:
    """FollowTheMoney entities (as dicts) for the filtered relations and their evidence."""
    from followthemoney import model
    from followthemoney.types import registry

    cat = load()
    rels = _all_relations(con, filters)
    claims = _link_rows(con, filters)
    entities: dict[str, Any] = {}

    def actor(name: str) -> Any:
        key = f"actor:{name}"
        if key not in entities:
            state = cat.kind(name) == "state"
            e = model.make_entity("PublicBody" if state else "Organization")
            e.make_id("backers-actor", name)
            e.add("name", name)
            code = registry.country.clean(name) if state else None
            if code:
                e.add("country", code)
            entities[key] = e
        return entities[key]

    docs = {
        r["id"]: r
        for r in row_dicts(con.execute(
            "SELECT id, doc_id, title, outlet, url, published FROM documents"
            " WHERE id IN (SELECT DISTINCT article_id FROM fuse_claims"
            "   WHERE relation_id IN (SELECT unnest(?::VARCHAR[])))",
            [[r["id"] for r in rels]],
        ))
    }  # fmt: skip
    articles: dict[str, Any] = {}
    for aid, d in docs.items():
        e = model.make_entity("Article")
        e.make_id("backers-article", aid)
        e.add("title", d["title"] or d["doc_id"])
        e.add("name", d["title"] or d["doc_id"])
        e.add("publisher", d["outlet"])
        e.add("publishedAt", d["published"])
        e.add("sourceUrl", d["url"])
        e.add("alias", d["doc_id"])
        articles[aid] = e
    links: dict[str, Any] = {}
    for rel in rels:
        sup, rec = actor(rel["supporter"]), actor(rel["recipient"])
        if rel["type"] == "funding":
            link = model.make_entity("Payment")
            link.add("payer", sup.id)
            link.add("beneficiary", rec.id)
            link.add("purpose", f"funding from {rel['supporter']} to {rel['recipient']}")
        else:
            link = model.make_entity("UnknownLink")
            link.add("subject", sup.id)
            link.add("object", rec.id)
            link.add("role", f"{rel['type']} support from {rel['supporter']} to {rel['recipient']}")
            link.add("status", rel["status"])
        link.make_id("backers-relation", rel["id"])
        link.add("startDate", rel["first_seen"])
        link.add("endDate", rel["last_seen"])
        link.add("summary", ", ".join(rel["items"]) or None)
        ing = rel["confidence"]["ingredients"]
        link.add(
            "description",
            f"confidence {rel['confidence']['score']} ({ing['formula']}; best certainty "
            f"{ing['best_certainty']}, {rel['sources']} independent sources, "
            f"{ing['claimant_parties']} claimant parties, {rel['denials']} denials)",
        )
        links[rel["id"]] = link
    documentation = []
    for c in claims:
        link = links.get(c["relation_id"])
        art_ent = articles.get(c["article_id"])
        if link is None or art_ent is None:
            continue
        link.add("proof", art_ent.id)
        who = c["claimant"] or c["claimant_affiliation"] or c["outlet"] or "the outlet"
        if c["claimant"] and c["claimant_affiliation"]:
            who = f"{c['claimant']} ({c['claimant_affiliation']})"
        verb = "denied by" if c["role"] == "against" else f"{c['certainty']} by"
        e = model.make_entity("Documentation")
        e.make_id("backers-claim", c["id"], c["relation_id"])
        e.add("document", art_ent.id)
        e.add("entity", link.id)
        e.add("role", f"{c['role']}: {verb} {who}, {c['status']}")
        e.add("summary", c["sentence"])
        e.add("date", c["published"])
        documentation.append(e)
        person = c["claimant"]
        if person and person in cat.person_affiliation and f"person:{person}" not in entities:
            p = model.make_entity("Person")
            p.make_id("backers-person", person)
            p.add("name", person)
            p.add("description", f"speaks for {cat.person_affiliation[person]}")
            entities[f"person:{person}"] = p
    out = [*entities.values(), *articles.values(), *links.values(), *documentation]
    return [e.to_dict() for e in out]


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    out: TextIO,
    *,
    table: str = "relations",
    **filters: Any,
) -> int:
    """Write the filtered relations (or their claims) as ``fmt`` to ``out``; return how
    many records (relations, claims, edges or entities) were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    problem = table_problem(fmt, table)
    if problem:
        raise ValueError(problem)
    if fmt in ("gexf", "graphml"):
        data = query.graph(con, **filters)
        g = to_networkx(data, dynamic=fmt == "gexf")
        lines = list(nx.generate_gexf(g) if fmt == "gexf" else nx.generate_graphml(g))
        if lines and not lines[0].startswith("<?xml"):
            out.write('<?xml version="1.0" encoding="utf-8"?>\n')
        for line in lines:
            out.write(line + "\n")
        return g.number_of_edges()
    if fmt == "ftm":
        return write_jsonl(ftm_entities(con, filters), out)
    if table == "claims":
        rows = claim_rows(con, filters)
        if fmt == "jsonl":
            return write_jsonl(rows, out)
        return write_csv(rows, (*CLAIM_KEYS, *CLAIM_EXTRA), out)
    rels = _all_relations(con, filters)
    if fmt == "jsonl":
        return write_jsonl(rels, out)
    return write_csv([_flat_relation(r) for r in rels], RELATION_COLUMNS, out)
