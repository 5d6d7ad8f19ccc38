"""One document as the cleaner left it: its sections, and where its claims were read."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from backers.query.corrections import CLAIMS
from backers.records import BODY, BYLINE, TITLE, Article, Section
from backers.store.db import row_dicts

# Sections a reader sees as the article; every other kind is removed noise, shown folded.
READ_KINDS = (TITLE, BYLINE, BODY)


def get_document(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, Any] | None:
    """The document whose article id is ``key``, else the latest version under doc_id
    ``key``; ``None`` when there is neither."""
    cur = con.execute(
        "SELECT id, doc_id, version, url, title, outlet, author, published,"
        " published_precision, json_extract_string(meta, '$.date_source') AS date_source,"
        " retrieved, text, sections, ingested_at FROM documents"
        " WHERE id = ? OR doc_id = ? ORDER BY (id = ?) DESC, version DESC LIMIT 1",
        [key, key, key],
    )
    rows = row_dicts(cur)
    if not rows:
        return None
    doc = rows[0]
    doc["ingested_at"] = str(doc["ingested_at"])
    sections = json.loads(doc["sections"]) if isinstance(doc["sections"], str) else []
    claims = row_dicts(
        con.execute(
            "SELECT id, supporter, recipient, type, status, certainty, claimant,"
            ' claimant_affiliation, items, quantity, location, "time", evidence, sentence,'
            f' start, "end", extractor, correction FROM {CLAIMS} c WHERE article_id = ?'
            " ORDER BY start, id",
            [doc["id"]],
        )
    )
    versions = con.execute(
        "SELECT id, version FROM documents WHERE doc_id = ? ORDER BY version", [doc["doc_id"]]
    ).fetchall()
    doc["versions"] = [{"id": v[0], "version": v[1]} for v in versions]
    doc["claims"] = claims
    doc["sections"] = [
        {**s, "text": doc["text"][s["start"] : s["end"]], "removed": s["kind"] not in READ_KINDS}
        for s in sections
    ]
    return doc


def segments(section: dict[str, Any], claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut one section's text at every claim boundary inside it, so a page can mark the
    claimed sentences: each part is ``{"text", "claims": [claim ids covering it],
    "anchors": [claim ids starting there], "start"}``."""
    lo, hi, text = section["start"], section["end"], section["text"]
    inside = [c for c in claims if c["start"] < hi and c["end"] > lo]
    cuts = {lo, hi}
    for c in inside:
        cuts.add(max(lo, c["start"]))
        cuts.add(min(hi, c["end"]))
    points = sorted(cuts)
    parts = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        ids = [c["id"] for c in inside if c["start"] <= a and c["end"] >= b]
        # Where each claim begins, so a link to #claim-<id> lands on its sentence.
        anchors = [c["id"] for c in inside if max(lo, c["start"]) == a]
        parts.append({"text": text[a - lo : b - lo], "claims": ids, "anchors": anchors, "start": a})
    return parts


def latest_article(
    con: duckdb.DuckDBPyConnection, doc_id: str
) -> tuple[Article, list[dict[str, Any]]] | None:
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
