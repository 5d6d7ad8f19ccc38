"""Full-text search over the stored articles, with the claims in each hit highlighted.

``backers search``, ``/api/search`` and the ``/search`` page all call :func:`search`. A
query is words (all must occur), ``"quoted phrases"`` and ``prefix*`` words; the index
(:mod:`backers.store.search_index`, SQLite FTS5) finds and ranks the current documents
(title words weigh more), and each hit comes back with its passages: the sentences where
the words occur, cut into segments that say which part is a searched word and which part
is a sentence a claim was read from, and the claims of those sentences.

Filters are the read layer's: ``actor``/``supporter``/``recipient`` keep the articles
with a claim naming that actor (names resolved as everywhere, through
:mod:`backers.query.filters`); ``outlet``, ``date_from``/``date_to`` (the article's
publication date), ``min_reliability`` and ``no_state_media`` (its outlet's rating,
:mod:`backers.sources`) narrow inside the index query, so totals and pages stay exact.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

import duckdb

from backers import sources
from backers.errors import BackersError
from backers.query.corrections import CLAIMS
from backers.query.filters import CLAIMS_FROM, Filters, claim_where
from backers.store.db import row_dicts
from backers.store.search_index import SearchIndex, outlet_key, sync

# Start and end of a searched word in FTS5's highlight(): characters no article contains.
OPEN, CLOSE = "\x02", "\x03"
PASSAGES = 3  # sentences shown per hit
SPAN = 320  # at most this many characters either side of a match when no sentence ends
MAX_QUERY = 300
# What a hit shows of each claim (the full claim columns cost a query plan ten times over).
HIT_CLAIM_COLUMNS = (
    "c.id, c.article_id, c.supporter, c.recipient, c.type, c.status, c.certainty,"
    ' c.claimant, c.items, c.start, c."end"'
)


class SearchSyntaxError(BackersError):
    code = "bad-query"


@dataclass(frozen=True)
class Query:
    text: str  # as typed
    expression: str  # the FTS5 query


_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORDY = re.compile(r"\w", re.UNICODE)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def parse(text: str) -> Query:
    """Turn what a user typed into a safe FTS5 query: every word and phrase quoted (FTS5
    operators and punctuation in a word are text, never syntax), ``word*`` a prefix. A
    query with an unclosed quote or no word is refused with one line saying so."""
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY:
        raise SearchSyntaxError(f"the query is over {MAX_QUERY} characters")
    if text.count('"') % 2:
        raise SearchSyntaxError('the query has an unclosed quote: close the "phrase"')
    parts: list[str] = []
    for match in _TOKEN.finditer(text):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            if _WORDY.search(phrase):
                parts.append(_quoted(phrase))
            continue
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if not _WORDY.search(word):
            continue
        parts.append(_quoted(word) + (" *" if prefix else ""))
    if not parts:
        raise SearchSyntaxError("the query has no word to search for")
    return Query(text, " ".join(parts))


def _marks(highlighted: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without FTS5's markers, and the spans the markers enclosed."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start = None
    for piece in re.split(f"([{OPEN}{CLOSE}])", highlighted):
        if piece == OPEN:
            start = pos
        elif piece == CLOSE:
            if start is not None:
                spans.append((start, pos))
            start = None
        else:
            out.append(piece)
            pos += len(piece)
    return "".join(out), spans


_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+")


def _sentence(text: str, pos: int, claims: list[dict[str, Any]]) -> tuple[int, int]:
    """The sentence around ``pos``: a claim's own sentence when one holds it (its offsets
    are exact), else the text between sentence ends, at most ``SPAN`` either side."""
    for claim in claims:
        if claim["start"] <= pos < claim["end"]:
            return claim["start"], claim["end"]
    lo = max(0, pos - SPAN)
    for found in _END.finditer(text, lo, pos):
        lo = found.end()
    hi = min(len(text), pos + SPAN)
    found = _END.search(text, pos, hi)
    if found:
        hi = found.start() + 1
    return lo, hi


def _segments(
    text: str, lo: int, hi: int, terms: list[tuple[int, int]], claims: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``text[lo:hi]`` cut where a searched word or a claim's sentence starts or ends."""
    cuts = {lo, hi}
    for s, e in terms:
        cuts.update(x for x in (s, e) if lo < x < hi)
    for c in claims:
        cuts.update(x for x in (c["start"], c["end"]) if lo < x < hi)
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a == b:
            continue
        out.append(
            {
                "text": text[a:b],
                "term": any(s <= a and b <= e for s, e in terms),
                "claim": any(c["start"] <= a and b <= c["end"] for c in claims),
            }
        )
    return out


def _claim_brief(c: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "supporter", "recipient", "type", "status", "certainty", "claimant")
    return {k: c.get(k) for k in keys} | {"items": list(c.get("items") or [])}


def passages(
    text: str, spans: list[tuple[int, int]], claims: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The first sentences holding a searched word, each cut into segments, with the
    claims read from it (overlapping it)."""
    out: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for s, _e in spans:
        if any(lo <= s < hi for lo, hi in taken):
            continue
        lo, hi = _sentence(text, s, claims)
        taken.append((lo, hi))
        inside = [c for c in claims if c["start"] < hi and lo < c["end"]]
        out.append(
            {
                "start": lo,
                "end": hi,
                "segments": _segments(text, lo, hi, spans, inside),
                "claims": [_claim_brief(c) for c in inside],
            }
        )
        if len(out) >= PASSAGES:
            break
    return out


def _claim_filters(flt: Filters) -> Filters | None:
    """The claim-level part of the filters (actors, type, status, certainty, claimant), or
    ``None`` when there is none: outlet, dates and ratings are the article's own."""
    keep = flt.replace(
        outlet=None,
        date_from=None,
        date_to=None,
        doc_id=None,
        min_reliability=None,
        no_state_media=None,
    )
    return keep if keep.as_params() else None


def _with_claims(con: duckdb.DuckDBPyConnection, flt: Filters) -> list[str]:
    where, params = claim_where(con, flt)
    rows = con.execute(f"SELECT DISTINCT c.article_id FROM {CLAIMS_FROM} WHERE {where}", params)
    return [r[0] for r in rows.fetchall()]


def _rating_sql(con: sqlite3.Connection, flt: Filters) -> tuple[list[str], list[Any]]:
    """Conditions on the index's docs (alias d) for the rating filters, through a function
    the index connection knows: the outlet's rating, as :func:`backers.sources.rate`."""
    least, no_state = flt.min_reliability, flt.no_state_media
    clauses: list[str] = []
    params: list[Any] = []
    if least is None and not no_state:
        return clauses, params

    def level(outlet: str | None, url: str | None) -> int:
        found = sources.rate(outlet, url)
        return -1 if found is None or found.reliability is None else found.reliability

    def state(outlet: str | None, url: str | None) -> int:
        found = sources.rate(outlet, url)
        return int(bool(found and found.state_affiliated))

    con.create_function("source_level", 2, level, deterministic=True)
    con.create_function("source_state", 2, state, deterministic=True)
    if least is not None:
        clauses.append("source_level(d.outlet, d.url) >= ?")
        params.append(int(least))
    if no_state:
        clauses.append("source_state(d.outlet, d.url) = 0")
    return clauses, params


def search(
    con: duckdb.DuckDBPyConnection,
    index: SearchIndex,
    text: str,
    flt: Filters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """One page of the current articles matching ``text`` under ``flt``, best first:
    ``{q, total, rows: [hit], limit, offset, next_offset}``; each hit has its document's
    fields, ``source_rating``, ``claims`` (how many the article has) and ``passages``."""
    query = parse(text)
    flt = flt or Filters()
    sync(index, con)
    clauses = ["fts MATCH ?"]
    params: list[Any] = [query.expression]
    if flt.outlet:
        clauses.append("d.outlet_key = ?")
        params.append(outlet_key(flt.outlet))
    if flt.date_from:
        clauses.append("d.published >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append("substr(d.published, 1, length(?)) <= ?")
        params += [flt.date_to, flt.date_to]
    by_claims = _claim_filters(flt)
    with index.connect() as lite:
        more, more_params = _rating_sql(lite, flt)
        clauses += more
        params += more_params
        lite.execute("DROP TABLE IF EXISTS temp.wanted")
        if by_claims is not None:
            lite.execute("CREATE TEMP TABLE wanted (id TEXT PRIMARY KEY)")
            lite.executemany(
                "INSERT OR IGNORE INTO temp.wanted VALUES (?)",
                [(i,) for i in _with_claims(con, by_claims)],
            )
            clauses.append("d.id IN (SELECT id FROM temp.wanted)")
        where = " AND ".join(clauses)
        base = f"FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE {where}"
        try:
            total = lite.execute(f"SELECT count(*) {base}", params).fetchone()[0]
            rows = lite.execute(
                f"SELECT d.id, d.doc_id, d.outlet, d.published, d.url, -fts.rank,"
                f" highlight(fts, 0, '{OPEN}', '{CLOSE}'), highlight(fts, 1, '{OPEN}', '{CLOSE}')"
                f" {base} ORDER BY fts.rank LIMIT ? OFFSET ?",
                [*params, int(limit), int(offset)],
            ).fetchall()
        except sqlite3.OperationalError as err:
            raise SearchSyntaxError(f"the query cannot be searched: {err}") from err
        finally:
            lite.execute("DROP TABLE IF EXISTS temp.wanted")
    hits = [_hit(row) for row in rows]
    _attach_claims(con, hits)
    nxt = offset + limit
    return {
        "q": query.text,
        "query": query.expression,
        "rows": hits,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": nxt if nxt < total else None,
        "filters": flt.as_params(),
    }


def _hit(row: tuple) -> dict[str, Any]:
    aid, doc_id, outlet, published, url, score, title_marked, body_marked = row
    title, title_spans = _marks(title_marked or "")
    body, spans = _marks(body_marked or "")
    rating = sources.rate(outlet, url)
    return {
        "id": aid,
        "doc_id": doc_id,
        "title": title,
        "title_segments": _segments(title, 0, len(title), title_spans, []) if title else [],
        "outlet": outlet,
        "published": published,
        "url": url,
        "score": float(f"{float(score):.4g}"),
        "source_rating": rating.as_dict() if rating else None,
        "matches": len(spans) + len(title_spans),
        "_text": body,
        "_spans": spans,
    }


def _attach_claims(con: duckdb.DuckDBPyConnection, hits: list[dict[str, Any]]) -> None:
    """The current claims of each hit's article, and its passages with them."""
    ids = [h["id"] for h in hits]
    claims: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if ids:
        # The index holds current documents only (sync drops superseded versions), so
        # the hits' claims are read by article id, without the version view.
        cur = con.execute(
            f"SELECT {HIT_CLAIM_COLUMNS} FROM {CLAIMS} c"
            " WHERE c.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY c.start, c.id",
            [ids],
        )
        for claim in row_dicts(cur):
            claims[claim["article_id"]].append(claim)
    for hit in hits:
        found = claims.get(hit["id"], [])
        hit["claims"] = len(found)
        hit["passages"] = passages(hit.pop("_text"), hit.pop("_spans"), found)
