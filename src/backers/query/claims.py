"""Claims with the document they were read from: the evidence behind every number."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from backers import sources
from backers.query.filters import CLAIM_DATE, CLAIMS_FROM, Filters, claim_where
from backers.store.db import row_dicts

# Where a document's date came from (page, record, text, or relative to an anchor).
DATE_SOURCE = "json_extract_string(d.meta, '$.date_source') AS date_source"

CLAIM_COLUMNS = (
    "c.id, c.article_id, c.doc_id, c.supporter, c.recipient, c.type, c.status, c.certainty,"
    ' c.claimant, c.claimant_affiliation, c.items, c.quantity, c.location, c."time",'
    ' c.evidence, c.sentence, c.start, c."end", c.extractor, c.rules, c.correction,'
    f" d.title, d.url, d.outlet, d.published, d.published_precision, {DATE_SOURCE},"
    f" {CLAIM_DATE} AS date"
)

# How much text either side of a claim's sentence the evidence shows.
CONTEXT_CHARS = 280


ORDERS = {
    "date": f"{CLAIM_DATE} DESC NULLS LAST, c.supporter, c.recipient, c.id",
    "document": "c.doc_id, c.start, c.supporter, c.recipient, c.type, c.id",
}


def list_claims(
    con: duckdb.DuckDBPyConnection,
    flt: Filters,
    *,
    limit: int | None,
    offset: int = 0,
    order: str = "date",
) -> tuple[list[dict[str, Any]], int]:
    """One page of the claims the filters keep (newest first, or by document and offset),
    and how many there are. ``limit=None``: all of them."""
    where, params = claim_where(con, flt)
    base = f"FROM {CLAIMS_FROM} WHERE {where}"
    total = con.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    page = " LIMIT ? OFFSET ?" if limit is not None else ""
    cur = con.execute(
        f"SELECT {CLAIM_COLUMNS} {base} ORDER BY {ORDERS[order]}{page}",
        [*params, limit, offset] if limit is not None else params,
    )
    return sources.annotate(row_dicts(cur)), total


def all_claims(
    con: duckdb.DuckDBPyConnection, flt: Filters, order: str = "document"
) -> list[dict[str, Any]]:
    """Every claim the filters keep: what ``backers claims`` prints and exports write."""
    return list_claims(con, flt, limit=None, order=order)[0]


def with_context(con: duckdb.DuckDBPyConnection, claims: list[dict[str, Any]]) -> None:
    """Add ``before``/``after``: the text around each claim's sentence, cut at word
    boundaries inside its own section, so a reader sees the sentence where it stood."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        by_article.setdefault(claim["article_id"], []).append(claim)
    if not by_article:
        return
    texts = {
        r[0]: (r[1], r[2])
        for r in con.execute(
            "SELECT id, text, sections FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [list(by_article)],
        ).fetchall()
    }
    for article_id, found in by_article.items():
        row = texts.get(article_id)
        if row is None:
            continue
        text, sections = row[0], _sections(row[1])
        for claim in found:
            lo, hi = 0, len(text)
            for s in sections:
                if s["start"] <= claim["start"] < s["end"]:
                    lo, hi = s["start"], s["end"]
                    break
            start, end = claim["start"], claim["end"]
            before = text[max(lo, start - CONTEXT_CHARS) : start]
            after = text[end : min(hi, end + CONTEXT_CHARS)]
            if start - CONTEXT_CHARS > lo and " " in before:
                before = "… " + before.split(" ", 1)[1]
            if end + CONTEXT_CHARS < hi and " " in after:
                after = after.rsplit(" ", 1)[0] + " …"
            claim["before"] = before
            claim["after"] = after
            # The stored sentence is the authority; the text slice shows it in place.
            claim["in_text"] = text[start:end]


def _sections(raw: Any) -> list[dict[str, Any]]:
    return json.loads(raw) if isinstance(raw, str) else list(raw or [])
