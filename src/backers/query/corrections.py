"""Corrections applied: the claims every reader and fusion see, and the list of corrections.

A user's corrections (table ``corrections``, written by :mod:`backers.store.corrections`)
are applied in ONE place, the subquery :data:`CLAIMS`: every claim listing, count, export,
evidence trail and fusion itself reads ``{CLAIMS} c`` instead of the table ``claims``, so
the CLI, the API, the pages and the exports cannot disagree about a corrected claim.

In it, a rejected claim is gone (it counts nowhere; the stored row stays, and ``backers
corrections`` lists the rejection), a corrected claim carries the corrected supporter,
recipient, type, status and certainty, and every claim has a ``correction`` column (NULL, or
who corrected it, when, the note and the values as read).

A correction matches a claim by content, never by id: same ``doc_id``, same sentence
(:data:`SENTENCE_KEY`) and same supporter, recipient and type as read. So it survives a
re-ingest, a new version of the text that keeps the sentence, and a new extractor version
that reads the claim again; one whose sentence no longer yields the claim is reported as
orphaned by :func:`list_corrections`, never dropped.

It holds no braces, since builders ``str.format`` SQL that contains it. It is a subquery
and not a view in the store on purpose: a view would fix the columns of
``claims`` at the time it was created, and break when a later migration adds one.
"""

from __future__ import annotations

from typing import Any

import duckdb

from backers.store.db import row_dicts

# The sentence as fusion compares it: case, spacing and punctuation folded.
SENTENCE_KEY = "md5(trim(regexp_replace(lower({s}), '\\W+', ' ', 'g')))"
CORRECTABLE = (
    "supporter", "recipient", "type", "status", "certainty",
    "claimant", "claimant_affiliation", "items",
)  # fmt: skip
# Fields whose correction may say "none": an empty string (claimant, affiliation: the
# outlet's own voice) or an empty list (items), kept apart from NULL ("as read").
CLEARABLE = ("claimant", "claimant_affiliation")

# The latest correction of each claim identity (an 'undo' ends the correction).
LATEST = (
    "SELECT * FROM corrections QUALIFY id = max(id) OVER"
    " (PARTITION BY doc_id, sentence_key, supporter, recipient, type)"
)


def _new(f: str) -> str:
    """The corrected value of field ``f`` of claim ``c`` under correction ``h``."""
    if f in CLEARABLE:
        return f"CASE WHEN h.set_{f} IS NULL THEN c.{f} ELSE nullif(h.set_{f}, '') END"
    return f"coalesce(h.set_{f}, c.{f})"


_SETS = ", ".join(f"{_new(f)} AS {f}" for f in CORRECTABLE)
_READ = ", ".join(f"{f} := c.{f}" for f in CORRECTABLE)
_SET_COLUMNS = ", ".join(f"k.set_{f}" for f in CORRECTABLE)
# The names of the fields a correction changed, as a list.
_CHANGED = (
    "list_filter(["
    + ", ".join(
        f"CASE WHEN h.set_{f} IS NOT NULL AND ({_new(f)}) IS DISTINCT FROM c.{f} THEN '{f}' END"
        for f in CORRECTABLE
    )
    + "], lambda x: x IS NOT NULL)"
)

CLAIMS = f"""(
    WITH _k AS ({LATEST}),
    _cand AS (
        SELECT c.id AS claim_id, k.id AS correction_id, k.action, k.note, k.author,
               k.created_at, {_SET_COLUMNS}, k.sentence_key
        FROM claims c JOIN _k k ON k.doc_id = c.doc_id AND k.supporter = c.supporter
             AND k.recipient = c.recipient AND k.type = c.type
        WHERE k.action <> 'undo'
    ),
    -- The sentences of the few candidates only, through a semi-join (built on the
    -- candidates): reading or hashing every claim's sentence made a listing of 1M claims
    -- take 5-8 s instead of 0.3-0.8 s.
    _sent AS (
        SELECT s.id AS claim_id, {SENTENCE_KEY.format(s="s.sentence")} AS sentence_key
        FROM claims s WHERE s.id IN (SELECT claim_id FROM _cand)
    ),
    _hit AS (
        SELECT h.* EXCLUDE (sentence_key) FROM _cand h JOIN _sent USING (claim_id, sentence_key)
    )
    SELECT c.*, NULL::STRUCT(id BIGINT, action VARCHAR, "by" VARCHAR, "at" VARCHAR,
                             note VARCHAR, changed VARCHAR[], read STRUCT(supporter VARCHAR,
                             recipient VARCHAR, type VARCHAR, status VARCHAR,
                             certainty VARCHAR, claimant VARCHAR,
                             claimant_affiliation VARCHAR, items VARCHAR[])) AS correction
    FROM claims c WHERE c.id NOT IN (SELECT claim_id FROM _hit)
    UNION ALL
    SELECT c.* REPLACE ({_SETS}),
           struct_pack(id := h.correction_id, action := h.action, "by" := h.author,
               "at" := strftime(h.created_at, '%Y-%m-%dT%H:%M:%S'), note := h.note,
               changed := {_CHANGED}, read := struct_pack({_READ})) AS correction
    FROM claims c JOIN _hit h ON h.claim_id = c.id
    WHERE h.action = 'correct'
)"""

_LIST = f"""
WITH latest AS ({LATEST}),
now AS (
    SELECT c.doc_id, c.supporter, c.recipient, c.type,
           {SENTENCE_KEY.format(s="c.sentence")} AS sentence_key,
           any_value(c.id ORDER BY c.id) AS current_claim, count(*) AS claims
    FROM claims c JOIN current_documents d ON d.id = c.article_id
    WHERE c.doc_id IN (SELECT doc_id FROM latest)
    GROUP BY ALL
)
SELECT k.id, k.doc_id, k.supporter, k.recipient, k.type, k.action, {_SET_COLUMNS},
       k.note, k.author,
       strftime(k.created_at, '%Y-%m-%dT%H:%M:%S') AS created_at, k.claim_id, k.sentence,
       k.start, k."end", n.current_claim, coalesce(n.claims, 0) AS matched_claims,
       CASE WHEN n.claims IS NULL THEN 'orphaned'
            WHEN k.action = 'reject' THEN 'rejected' ELSE 'applied' END AS state
FROM {{source}} k
LEFT JOIN now n ON n.doc_id = k.doc_id AND n.sentence_key = k.sentence_key
     AND n.supporter = k.supporter AND n.recipient = k.recipient AND n.type = k.type
WHERE {{where}}
ORDER BY k.id
"""

STATES = ("applied", "rejected", "orphaned")


def list_corrections(
    con: duckdb.DuckDBPyConnection, *, history: bool = False, state: str | None = None
) -> list[dict[str, Any]]:
    """Every correction in force (the latest of each claim, undone ones left out), oldest
    first, each with its ``state``: ``applied``, ``rejected``, or ``orphaned`` when no
    claim of the document's current version matches it any more (the sentence changed, or
    the extractor no longer reads that claim from it): reported, never dropped.
    ``history``: every correction ever made, undone and superseded ones too."""
    source = "corrections" if history else "latest"
    where = "TRUE" if history else "k.action <> 'undo'"
    rows = row_dicts(con.execute(_LIST.format(source=source, where=where)))
    if state is not None:
        rows = [r for r in rows if r["state"] == state]
    return rows


def changes(row: dict[str, Any]) -> dict[str, Any]:
    """The fields a correction sets: ``{"recipient": "Hezbollah", "items": [...]}``; an
    empty claimant or affiliation is ``None`` (none: the outlet's own voice)."""
    return {
        f: (row[f"set_{f}"] or None) if f in CLEARABLE else row[f"set_{f}"]
        for f in CORRECTABLE
        if row.get(f"set_{f}") is not None
    }
