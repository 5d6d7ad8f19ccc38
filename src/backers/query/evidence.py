"""One page of a pair's evidence, paged in SQL.

A pair reported in thousands of articles has thousands of sentences; the evidence page and
panel show fifty at a time. :func:`backers.query.fused.relation_evidence` reads every claim
of the pair (what ``backers relation`` prints); this module asks DuckDB for the sentences
in order, counts them, and reads only the claims, reprint counts and denial links of the
page asked for, so the first page of any pair costs about what a small pair costs.

A sentence is one span of one article, supporting or denying: ``(article_id, start, end,
role)``, placed as :func:`backers.query.relations.sentence_rows` places it (its earliest
date, undated last, then its outlet, then its first claim's order).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from backers import sources as source_ratings
from backers.query.fused import EVIDENCE
from backers.store.db import row_dicts

# The pair's claims as fusion linked them, one row per claim (a claim may count for
# several relations of the pair), with the place of its sentence. fuse_claims is what
# fusion made of the corrected claims (a rejected claim has no link, a claim whose
# recipient was corrected is linked to its new pair; a correction re-fuses in its own
# transaction), and no correction moves a sentence: so the places are read from the
# table ``claims`` itself, a third of the time of reading it through the corrections.
_CLAIMS_OF_PAIR = """
WITH pc AS (
    SELECT c.id, any_value(l.role) AS role, c.article_id, c.start, c."end",
           any_value(l.seen_from) AS seen, any_value(l.source_key) AS source_key
    FROM fuse_claims l JOIN claims c ON c.id = l.claim_id
    WHERE l.supporter = ? AND l.recipient = ?
    GROUP BY c.id, c.article_id, c.start, c."end"
), sentences AS (
    SELECT article_id, start, "end", role, min(seen) AS seen,
           min((coalesce(seen, ''), source_key, role, id)) AS first,
           list(id ORDER BY coalesce(seen, ''), source_key, role, id) AS ids
    FROM pc GROUP BY article_id, start, "end", role
)
"""

_PAGE = (
    _CLAIMS_OF_PAIR
    + """
SELECT s.ids, count(*) OVER () AS sentences, sum(len(s.ids)) OVER () AS claims
FROM sentences s LEFT JOIN documents d ON d.id = s.article_id
ORDER BY s.seen IS NULL, coalesce(s.seen, ''), coalesce(d.outlet, ''), s.first
LIMIT ? OFFSET ?
"""
)

_TOTALS = _CLAIMS_OF_PAIR + "SELECT count(*), coalesce(sum(len(ids)), 0) FROM sentences"

# Articles and outlets of each independent source of the pair (the "same text in N
# articles" of a sentence), for the sources of one page.
_REPRINTS = """
SELECT l.source_key, count(DISTINCT l.article_id),
       list_sort(list_distinct(list(d.outlet) FILTER (WHERE d.outlet IS NOT NULL)))
FROM fuse_claims l LEFT JOIN documents d ON d.id = l.article_id
WHERE l.supporter = ? AND l.recipient = ? AND list_contains(?::VARCHAR[], l.source_key)
GROUP BY l.source_key
"""

# The supporting claims of the relations a page's denials contradict.
_DENIED = """
SELECT l.relation_id, list(DISTINCT l.claim_id ORDER BY l.claim_id)
FROM fuse_claims l
WHERE l.role = 'for' AND list_contains(?::VARCHAR[], l.relation_id)
GROUP BY l.relation_id
"""


def page(
    con: duckdb.DuckDBPyConnection, supporter: str, recipient: str, *, limit: int, offset: int
) -> dict[str, Any]:
    """``{claims, order, total, claims_total}``: the claims of one page of the pair's
    sentences (as :func:`backers.query.fused.relation_evidence` gives claims, ordered by
    date, then source), ``order`` (each sentence's claim ids, in page order), and how many
    sentences and claims the pair has in all. Names are the stored ones (resolved)."""
    rows = con.execute(_PAGE, [supporter, recipient, int(limit), int(offset)]).fetchall()
    if rows:
        total, claims_total = rows[0][1], int(rows[0][2])
    else:
        total, claims_total = con.execute(_TOTALS, [supporter, recipient]).fetchone()
    order = [list(r[0]) for r in rows]
    ids = [cid for ids in order for cid in ids]
    claims = (
        row_dicts(
            con.execute(
                EVIDENCE.replace(
                    "GROUP BY ALL", "AND list_contains(?::VARCHAR[], c.id) GROUP BY ALL"
                ),
                [supporter, recipient, ids],
            )
        )
        if ids
        else []
    )
    _reprints(con, supporter, recipient, claims)
    _denials(con, claims)
    for claim in claims:
        claim["items"] = list(claim["items"] or [])
    claims.sort(key=lambda r: (r["seen"] or "", r["source_key"], r["role"], r["id"]))
    source_ratings.annotate(claims)  # each sentence shown with its outlet's rating
    return {"claims": claims, "order": order, "total": total, "claims_total": claims_total}


def _reprints(
    con: duckdb.DuckDBPyConnection, supporter: str, recipient: str, claims: list[dict[str, Any]]
) -> None:
    keys = sorted({c["source_key"] for c in claims})
    found = {
        key: (n, list(outlets or []))
        for key, n, outlets in con.execute(_REPRINTS, [supporter, recipient, keys]).fetchall()
    }
    for claim in claims:
        claim["reprints"], claim["reported_by"] = found.get(claim["source_key"], (1, []))


def _denials(con: duckdb.DuckDBPyConnection, claims: list[dict[str, Any]]) -> None:
    """A denial is linked to the claims it denies: those of the relations it contradicts."""
    against = sorted({rid for c in claims if c["role"] == "against" for rid in c["relation_ids"]})
    supporting: dict[str, list[str]] = defaultdict(list)
    if against:
        for rid, ids in con.execute(_DENIED, [against]).fetchall():
            supporting[rid] = list(ids)
    for claim in claims:
        claim["denies"] = (
            sorted({cid for rid in claim["relation_ids"] for cid in supporting[rid]})
            if claim["role"] == "against"
            else []
        )
