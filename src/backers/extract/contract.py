"""Claims in the output contract's shape (spec: Output), from records or stored rows, and the
read queries the claims/explain/eval commands need. The fusion engineer's ``export`` and
``who-backs`` reuse :func:`row_to_contract` so every writer emits the same JSON."""

from __future__ import annotations

import json
from typing import Any

from backers.records import Article, Claim, Section

CONTRACT_KEYS = (
    "doc_id",
    "supporter",
    "recipient",
    "type",
    "status",
    "certainty",
    "claimant",
    "claimant_affiliation",
    "items",
    "quantity",
    "location",
    "time",
    "evidence",
    "sentence",
    "start",
    "end",
)
FILTERS = ("supporter", "recipient", "type", "status", "certainty", "doc_id")


def claim_to_contract(claim: Claim) -> dict[str, Any]:
    """A :class:`Claim` as one contract JSON object (plus its extractor)."""
    data = claim.to_dict()
    out = {key: data.get(key) for key in CONTRACT_KEYS}
    out["extractor"] = claim.extractor
    out["rules"] = list(claim.rules)
    return out


def row_to_contract(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the ``claims`` table as one contract JSON object (plus its extractor)."""
    out = {key: row.get(key) for key in CONTRACT_KEYS}
    out["items"] = list(row.get("items") or [])
    out["extractor"] = row.get("extractor")
    out["rules"] = list(row.get("rules") or [])
    return out


def query_claims(con, filters: dict[str, str | None], limit: int | None = None) -> list[dict]:
    """Stored claims of the latest version of each document, filtered by exact values
    (names compared case-insensitively), in document and offset order."""
    where, params = [], []
    for key in FILTERS:
        value = filters.get(key)
        if value:
            where.append(f"lower(c.{key}) = lower(?)")
            params.append(value)
    sql = (
        "SELECT c.* FROM claims c JOIN documents d ON d.id = c.article_id"
        " WHERE d.version = (SELECT max(version) FROM documents d2 WHERE d2.doc_id = d.doc_id)"
    )
    if where:
        sql += " AND " + " AND ".join(where)
    sql += " ORDER BY c.doc_id, c.start, c.supporter, c.recipient, c.type"
    if limit:
        sql += f" LIMIT {int(limit)}"
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def latest_article(con, doc_id: str) -> tuple[Article, list[dict]] | None:
    """The latest stored version of ``doc_id`` as an Article, with its claim rows."""
    cur = con.execute(
        "SELECT * FROM documents WHERE doc_id = ? ORDER BY version DESC LIMIT 1", [doc_id]
    )
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    if row is None:
        return None
    doc = dict(zip(names, row, strict=True))
    sections = doc["sections"]
    if isinstance(sections, str):
        sections = json.loads(sections)
    article = Article(
        doc_id=doc["doc_id"],
        text=doc["text"],
        sections=[Section(s["kind"], s["start"], s["end"], s.get("label", "")) for s in sections],
        source=doc.get("source") or "",
        title=doc.get("title"),
        url=doc.get("url"),
        outlet=doc.get("outlet"),
        published=doc.get("published"),
        published_precision=doc.get("published_precision") or "unknown",
    )
    cur = con.execute(
        "SELECT * FROM claims WHERE article_id = ? ORDER BY start, supporter", [doc["id"]]
    )
    names = [d[0] for d in cur.description]
    claims = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    extracted = con.execute(
        "SELECT 1 FROM extractions WHERE article_id = ?", [doc["id"]]
    ).fetchone()
    if extracted is None:
        claims = []
        article.meta["not_extracted"] = True
    return article, claims
