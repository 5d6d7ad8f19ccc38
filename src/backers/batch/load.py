"""Loading a run's Parquet shards into the store: one process, one transaction, set-based SQL.

DuckDB has a single writer, so the workers never touch the store; the client loads what
they wrote. The load gives the same rows as the local engine's batch writes
(``Store.write_batch``): the first occurrence of an article id wins, articles already
stored are left alone, a document's ``version`` counts the stored documents with the same
``doc_id`` or ``url`` plus those before it in input order, the claims of every article read
again replace its earlier ones, and the fusion hook runs inside the same transaction.
Everything is done with joins and window functions over the shards, never a row at a time,
so loading a million claims takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from backers.batch.shards import read_kind
from backers.records import Failure
from backers.store import Store

FuseHook = Callable[[duckdb.DuckDBPyConnection, list[str]], dict[str, Any]]

_PRECEDING = "ORDER BY part, pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING"

# First occurrence of each article id in input order (no text: the keys only).
_FIRST = """
CREATE TEMP TABLE _run_first AS
SELECT part, pos, id, doc_id, url, extractor,
       EXISTS (SELECT 1 FROM documents d WHERE d.id = k.id) AS stored
FROM (
    SELECT part, pos, id, doc_id, url, extractor,
           row_number() OVER (PARTITION BY id ORDER BY part, pos) AS rn
    FROM _run_articles
) k
WHERE rn = 1
"""

# Versions of the new documents: stored documents sharing doc_id or url (counted as
# |doc_id| + |url| - |both|, so every join is an equality join), plus the new ones before.
_NEW = f"""
CREATE TEMP TABLE _run_new AS
WITH n AS (SELECT part, pos, id, doc_id, url FROM _run_first WHERE NOT stored),
a AS (SELECT doc_id, count(*) AS c FROM documents
      WHERE doc_id IN (SELECT doc_id FROM n) GROUP BY doc_id),
b AS (SELECT url, count(*) AS c FROM documents
      WHERE url IN (SELECT url FROM n WHERE url IS NOT NULL) GROUP BY url),
ab AS (SELECT doc_id, url, count(*) AS c FROM documents
       WHERE url IS NOT NULL AND doc_id IN (SELECT doc_id FROM n) GROUP BY doc_id, url)
SELECT n.part, n.pos, n.id,
       1 + coalesce(a.c, 0) + coalesce(b.c, 0) - coalesce(ab.c, 0)
       + count(*) OVER (PARTITION BY n.doc_id {_PRECEDING})
       + CASE WHEN n.url IS NULL THEN 0 ELSE
             count(*) OVER (PARTITION BY n.url {_PRECEDING})
             - count(*) OVER (PARTITION BY n.doc_id, n.url {_PRECEDING})
         END AS version
FROM n
LEFT JOIN a ON a.doc_id = n.doc_id
LEFT JOIN b ON b.url = n.url
LEFT JOIN ab ON ab.doc_id = n.doc_id AND ab.url = n.url
"""

_INSERT_DOCUMENTS = """
INSERT INTO documents (id, doc_id, version, source, url, title, outlet, author, published,
    published_precision, retrieved, text, sections, raw_hash, text_hash, meta)
SELECT a.id, a.doc_id, n.version, a.source, a.url, a.title, a.outlet, a.author, a.published,
    a.published_precision, a.retrieved, a.text, a.sections, a.raw_hash, a.text_hash, a.meta
FROM _run_articles_full a JOIN _run_new n ON n.part = a.part AND n.pos = a.pos
ORDER BY a.part, a.pos
"""

_INSERT_CLAIMS = """
INSERT INTO claims (id, article_id, doc_id, supporter, recipient, type, status, certainty,
    claimant, claimant_affiliation, items, quantity, location, "time", evidence, sentence,
    start, "end", extractor, rules)
SELECT c.id, c.article_id, c.doc_id, c.supporter, c.recipient, c.type, c.status, c.certainty,
    c.claimant, c.claimant_affiliation, c.items, c.quantity, c.location, c."time", c.evidence,
    c.sentence, c.start, c."end", coalesce(nullif(c.extractor, ''), r.extractor), c.rules
FROM _run_claims c JOIN _run_read r ON r.part = c.part AND r.pos = c.pos
"""

_INSERT_EXTRACTIONS = """
INSERT OR REPLACE INTO extractions (article_id, extractor, claims)
SELECT r.id, r.extractor, count(c.id)
FROM _run_read r LEFT JOIN _run_claims c ON c.part = r.part AND c.pos = r.pos
GROUP BY r.id, r.extractor
"""


@dataclass
class LoadResult:
    """What the load changed, in the terms of :class:`backers.pipeline.IngestReport`."""

    new: int = 0
    unchanged: int = 0
    reextracted: int = 0
    claims: int = 0
    failures: list[Failure] = field(default_factory=list)
    fuse: dict[str, Any] = field(default_factory=dict)


def load_shards(
    store: Store, root: str, *, skipped: int = 0, after: FuseHook | None = None
) -> LoadResult:
    """Load the shards in ``root`` into ``store`` in one transaction.

    ``skipped`` is the number of articles the workers left out because the store already
    had them; it is only counted. ``after`` (the fusion hook) runs in the transaction with
    the ids of the articles whose claims were replaced, in input order.
    """
    result = LoadResult(unchanged=skipped)
    datasets = {kind: read_kind(root, kind) for kind in ("articles", "claims", "failures")}
    with store.write() as con:
        con.register("_run_articles_full", datasets["articles"])
        con.register("_run_claims_src", datasets["claims"])
        con.register("_run_failures", datasets["failures"])
        try:
            _load(con, result, after)
        finally:
            for name in ("_run_articles_full", "_run_claims_src", "_run_failures"):
                con.unregister(name)
            for name in ("_run_articles", "_run_first", "_run_new", "_run_read", "_run_claims"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
    return result


def _load(con: duckdb.DuckDBPyConnection, result: LoadResult, after: FuseHook | None) -> None:
    con.execute(
        "CREATE TEMP TABLE _run_articles AS"
        " SELECT part, pos, id, doc_id, url, extractor FROM _run_articles_full"
    )
    con.execute(_FIRST)
    con.execute(_NEW)
    con.execute(_INSERT_DOCUMENTS)
    total, first = con.execute(
        "SELECT (SELECT count(*) FROM _run_articles), (SELECT count(*) FROM _run_first)"
    ).fetchone()
    result.new = con.execute("SELECT count(*) FROM _run_new").fetchone()[0]
    result.reextracted = con.execute(
        "SELECT count(*) FROM _run_first WHERE stored AND extractor IS NOT NULL"
    ).fetchone()[0]
    result.unchanged += (total - first) + con.execute(
        "SELECT count(*) FROM _run_first WHERE stored AND extractor IS NULL"
    ).fetchone()[0]

    con.execute(
        "CREATE TEMP TABLE _run_read AS SELECT part, pos, id, extractor FROM _run_first"
        " WHERE extractor IS NOT NULL"
    )
    con.execute("CREATE TEMP TABLE _run_claims AS SELECT * FROM _run_claims_src")
    con.execute("DELETE FROM claims WHERE article_id IN (SELECT id FROM _run_read)")
    con.execute(_INSERT_CLAIMS)
    result.claims = con.execute(
        "SELECT count(*) FROM _run_claims c JOIN _run_read r ON r.part = c.part AND r.pos = c.pos"
    ).fetchone()[0]
    con.execute(_INSERT_EXTRACTIONS)
    read_ids = [
        row[0] for row in con.execute("SELECT id FROM _run_read ORDER BY part, pos").fetchall()
    ]
    if after is not None and read_ids:
        result.fuse = dict(after(con, read_ids) or {})

    rows = con.execute(
        "SELECT source, stage, code, message FROM _run_failures ORDER BY part, pos"
    ).fetchall()
    if rows:
        con.execute(
            "INSERT INTO failures (source, stage, code, message)"
            " SELECT source, stage, code, message FROM _run_failures ORDER BY part, pos"
        )
    result.failures = [Failure(*row) for row in rows]
