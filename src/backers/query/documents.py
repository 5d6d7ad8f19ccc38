"""One document as the cleaner left it: its sections, and where its claims were read."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from backers.records import BODY, BYLINE, TITLE
from backers.store.db import row_dicts

# Sections a reader sees as the article; every other kind is removed noise, shown folded.
READ_KINDS = (TITLE, BYLINE, BODY)


def get_document(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, Any] | None:
    """The document whose article id is ``key``, else the latest version under doc_id
    ``key``; ``None`` when there is neither."""
    cur = con.execute(
        "SELECT id, doc_id, version, url, title, outlet, author, published,"
        " published_precision, retrieved, text, sections, ingested_at FROM documents"
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
            ' start, "end", extractor FROM claims WHERE article_id = ? ORDER BY start, id',
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
