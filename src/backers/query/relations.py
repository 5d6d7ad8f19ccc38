"""Relations for the web layer and the ``relation`` command: the fused relations of
:mod:`backers.query.fused` taken with :class:`Filters`, and one pair's evidence with its
summary and the text around each claim. Fusion (``backers.fuse``) decides how claims
become relations (near-duplicates, denials, confidence); nothing here recounts them.
"""

from __future__ import annotations

from typing import Any

import duckdb

from backers.query import evidence
from backers.query import fused as fusion
from backers.query.claims import with_context
from backers.query.dating import describe_date
from backers.query.filters import Filters
from backers.query.why import why_line


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
    con: duckdb.DuckDBPyConnection,
    supporter: str,
    recipient: str,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> dict[str, Any] | None:
    """The pair's summary (its graph edge), its relations, and every claim behind it with
    the text around it, also grouped one row per sentence (``sentences``); ``None`` when
    no relation links them.

    With ``limit``, one page of the sentences (oldest first) and only their claims, with
    ``total`` (sentences), ``claims_total`` and ``next_offset``: a pair reported in
    thousands of articles is read a page at a time, and only that page's texts are read
    for context."""
    if limit is not None:
        return _paged(con, supporter, recipient, limit, offset)
    found = fusion.relation_evidence(con, supporter, recipient)
    if not found["relations"] and not found["claims"]:
        return None
    claims = found["claims"]
    for claim in claims:
        claim["dated"] = describe_date(claim)
    rows = sentence_rows(claims)
    with_context(con, claims)
    with_context(con, rows)
    return {
        **_head(con, found["supporter"], found["recipient"], found["relations"]),
        "claims": claims,
        "sentences": rows,
        "total": len(rows),
        "claims_total": len(claims),
    }


def _head(
    con: duckdb.DuckDBPyConnection, sup: str, rec: str, rels: list[dict[str, Any]]
) -> dict[str, Any]:
    """The pair, its summary (its graph edge, with the "why" line) and its relations."""
    edges = fusion.graph(con, supporter=sup, recipient=rec)
    summary = edges["edges"][0] if edges["edges"] else None
    if summary is not None:
        summary["why"] = why_line(summary)
    return {"supporter": sup, "recipient": rec, "summary": summary, "relations": rels}


# Claimants listed per relation on a page of evidence (most sourced first; the summary
# names them all, and ``backers relation`` prints every one): a pair reported by
# thousands of spokespeople made the first page weigh a megabyte.
MOST_CLAIMANTS = 20


def _paged(
    con: duckdb.DuckDBPyConnection, supporter: str, recipient: str, limit: int, offset: int
) -> dict[str, Any] | None:
    """One page of the sentences, paged in SQL (:mod:`backers.query.evidence`): only the
    page's claims and texts are read. Each relation lists its first ``MOST_CLAIMANTS``
    claimants and deniers, with ``claimants_for_total`` and ``claimants_against_total``."""
    sup = fusion.resolve_actor(con, supporter) or supporter
    rec = fusion.resolve_actor(con, recipient) or recipient
    rels, _ = fusion.list_relations(con, supporter=sup, recipient=rec, limit=1_000_000)
    for rel in rels:  # a page stays small however many people reported the pair
        for side in ("claimants_for", "claimants_against"):
            rel[f"{side}_total"] = len(rel[side])
            rel[side] = rel[side][:MOST_CLAIMANTS]
    found = evidence.page(con, sup, rec, limit=limit, offset=offset)
    if not rels and not found["total"]:
        return None
    claims = found["claims"]
    for claim in claims:
        claim["dated"] = describe_date(claim)
    by_first = {row["claims"][0]: row for row in sentence_rows(claims)}
    rows = [by_first[ids[0]] for ids in found["order"] if ids[0] in by_first]
    with_context(con, claims)
    with_context(con, rows)
    total = found["total"]
    nxt = offset + limit
    return {
        **_head(con, sup, rec, rels),
        "claims": claims,
        "sentences": rows,
        "total": total,
        "claims_total": found["claims_total"],
        "limit": limit,
        "offset": offset,
        "next_offset": nxt if nxt < total else None,
    }


def _label(claim: dict[str, Any]) -> str:
    name, aff = claim.get("claimant"), claim.get("claimant_affiliation")
    if name and aff and name != aff:
        return f"{name} ({aff})"
    return name or aff or "the outlet"


def sentence_rows(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per sentence (an article's span, supporting or denying): the claims read
    from it with their types, statuses, certainties and claimants grouped, oldest first
    (undated last). A sentence that says "sold drones and trained crews" is one row with
    two types, not two rows repeating it."""
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    denied: dict[tuple[Any, ...], set[str]] = {}
    for c in claims:
        key = (c["article_id"], c["start"], c["end"], c["role"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                **{k: c.get(k) for k in _SENTENCE_KEYS},
                "claims": [],
                "types": [],
                "statuses": [],
                "certainties": [],
                "claimants": [],
                "items": [],
                "denies": [],
                "corrections": [],
            }
        row["claims"].append(c["id"])
        for many, value in (
            ("types", c["type"]),
            ("statuses", c["status"]),
            ("certainties", c["certainty"]),
            ("claimants", _label(c)),
        ):
            if value not in row[many]:
                row[many].append(value)
        row["items"] += [i for i in c.get("items") or [] if i not in row["items"]]
        if c.get("correction"):
            row["corrections"].append(c["correction"])
        if c.get("denies"):
            denied.setdefault(key, set()).update(c["denies"])
    for key, ids in denied.items():
        rows[key]["denies"] = sorted(ids)
    return sorted(
        rows.values(), key=lambda r: (r["seen"] is None, r["seen"] or "", r["outlet"] or "")
    )


_SENTENCE_KEYS = (
    "id", "role", "sentence", "start", "end", "article_id",
    "doc_id", "outlet", "url", "title", "published", "published_precision", "date_source",
    "seen", "dated", "reprints", "reported_by", "evidence", "source_rating",
)  # fmt: skip


def resolve_actor(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The stored name an actor called ``name`` has, or ``None``."""
    return fusion.resolve_actor(con, name)


def suggest_actors(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return fusion.suggest_actors(con, name)
