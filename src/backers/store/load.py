"""The one write path of ingest: a batch as Arrow tables, loaded with set-based SQL.

Both engines write through here: the local engine hands each processed batch over in
memory, the Dask engine a run's Parquet shards. The load gives these rows: the first
occurrence of an article id wins, articles already stored are left alone, a document's
``version`` counts the stored documents with the same ``doc_id`` or ``url`` plus those
before it in input order, the claims of every article read again replace its earlier ones
(an article already read by the same extractor is not read again), the fusion hook runs
inside the same transaction, and a failure seen before is not stored twice. Everything is
done with joins and window functions, never a row at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from backers.amounts.fill import fill as fill_amounts
from backers.records import Article, Claim, Failure, content_hash

FuseHook = Callable[[duckdb.DuckDBPyConnection, list[str]], dict[str, Any]]


@dataclass
class IngestReport:
    """What an ingest (or one load of it) did: the closing summary and the exit code."""

    stored: int = 0
    unchanged: int = 0
    reextracted: int = 0
    failed: int = 0
    claims: int = 0
    failures: list[Failure] = field(default_factory=list)
    fuse: dict[str, Any] = field(default_factory=dict)

    @property
    def seen(self) -> int:
        return self.stored + self.unchanged + self.reextracted + self.failed

    def add(self, other: IngestReport) -> None:
        """Add a later batch's figures ("relations" is the store's total, the latest wins)."""
        self.stored += other.stored
        self.unchanged += other.unchanged
        self.reextracted += other.reextracted
        self.failed += other.failed
        self.claims += other.claims
        self.failures.extend(other.failures)
        for key, value in other.fuse.items():
            if not isinstance(value, int | float):
                continue
            self.fuse[key] = value if key == "relations" else self.fuse.get(key, 0) + value


# -- the row format --------------------------------------------------------------------
ARTICLES = pa.schema(
    [
        ("part", pa.int32()),
        ("pos", pa.int32()),
        ("id", pa.string()),
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("author", pa.string()),
        ("published", pa.string()),
        ("published_precision", pa.string()),
        ("retrieved", pa.string()),
        ("text", pa.string()),
        ("sections", pa.string()),
        ("raw_hash", pa.string()),
        ("text_hash", pa.string()),
        ("meta", pa.string()),
        ("extractor", pa.string()),  # null: not read for claims
        ("minhash", pa.binary()),  # near-duplicate signature made by a worker, or null
        ("minhash_version", pa.string()),
    ]
)
CLAIMS = pa.schema(
    [
        ("part", pa.int32()),
        ("pos", pa.int32()),
        ("id", pa.string()),
        ("article_id", pa.string()),
        ("doc_id", pa.string()),
        ("supporter", pa.string()),
        ("recipient", pa.string()),
        ("type", pa.string()),
        ("status", pa.string()),
        ("certainty", pa.string()),
        ("claimant", pa.string()),
        ("claimant_affiliation", pa.string()),
        ("items", pa.list_(pa.string())),
        ("quantity", pa.string()),
        ("location", pa.string()),
        ("time", pa.string()),
        ("evidence", pa.string()),
        ("sentence", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("extractor", pa.string()),
        ("rules", pa.list_(pa.string())),
    ]
)
FAILURES = pa.schema(
    [
        ("part", pa.int32()),
        ("pos", pa.int32()),
        ("source", pa.string()),
        ("stage", pa.string()),
        ("code", pa.string()),
        ("message", pa.string()),
    ]
)
# Stored articles read again without their text (``Store.write_batch([], {id: claims})``):
# their claims carry part -1 and the row's pos.
REREADS = pa.schema([("pos", pa.int32()), ("id", pa.string()), ("extractor", pa.string())])
SCHEMAS = {"articles": ARTICLES, "claims": CLAIMS, "failures": FAILURES, "rereads": REREADS}


def sections_json(article: Article) -> str:
    """An article's sections as the store keeps them (``documents.sections``)."""
    return json.dumps(
        [
            {"kind": s.kind, "start": s.start, "end": s.end, "label": s.label}
            for s in article.sections
        ]
    )


def unique_claims(article_id: str, found: Iterable[Claim], extractor: str | None) -> list[Claim]:
    """The claims of one article as the store keeps them: tied to the article's id, one per
    claim id (a later duplicate replaces an earlier one in its place), each with the
    extractor that read it."""
    rows: dict[str, Claim] = {}
    for claim in found:
        claim.article_id = article_id
        if not claim.extractor and extractor:
            claim.extractor = extractor
        rows[claim.id] = claim
    return list(rows.values())


def batch_tables(
    articles: Sequence[Article],
    claims: Sequence[Claim] = (),
    failures: Sequence[Failure] = (),
    *,
    part: int = 0,
    extracted: Iterable[str] = (),
    extractor: str | None = None,
    rereads: dict[str, list[Claim]] | None = None,
    signatures: dict[str, bytes] | None = None,
    signature_version: str | None = None,
) -> dict[str, pa.Table]:
    """A batch as the loader's Arrow tables. ``extracted`` names the articles read for
    claims by ``extractor`` (``claims`` are theirs, tied by ``article_id``);
    ``signatures`` their near-duplicate signatures made under ``signature_version``."""
    read = set(extracted)
    signatures = signatures or {}
    pos_of = {a.id: i for i, a in enumerate(articles)}
    arts = {
        "part": [part] * len(articles),
        "pos": list(range(len(articles))),
        "id": [a.id for a in articles],
        "doc_id": [a.doc_id for a in articles],
        "source": [a.source for a in articles],
        "url": [a.url for a in articles],
        "title": [a.title for a in articles],
        "outlet": [a.outlet for a in articles],
        "author": [a.author for a in articles],
        "published": [a.published for a in articles],
        "published_precision": [a.published_precision for a in articles],
        "retrieved": [a.retrieved for a in articles],
        "text": [a.text for a in articles],
        "sections": [sections_json(a) for a in articles],
        "raw_hash": [a.raw_hash for a in articles],
        "text_hash": [content_hash(a.text) for a in articles],
        "meta": [json.dumps(a.meta, default=str) for a in articles],
        "extractor": [extractor if a.id in read else None for a in articles],
        "minhash": [signatures.get(a.id) for a in articles],
        "minhash_version": [signature_version if a.id in signatures else None for a in articles],
    }
    rows = [(part, pos_of.get(c.article_id, -1), c) for c in claims]
    reread_rows: dict[str, list] = {"pos": [], "id": [], "extractor": []}
    for j, (aid, found) in enumerate((rereads or {}).items()):
        reread_rows["pos"].append(j)
        reread_rows["id"].append(aid)
        reread_rows["extractor"].append(extractor)
        rows.extend((-1, j, c) for c in unique_claims(aid, found, extractor))
    cl = {
        "part": [r[0] for r in rows],
        "pos": [r[1] for r in rows],
        "id": [r[2].id for r in rows],
        "article_id": [r[2].article_id for r in rows],
        **{
            name: [getattr(r[2], name) for r in rows]
            for name in CLAIMS.names
            if name not in ("part", "pos", "id", "article_id", "items", "rules")
        },
        "items": [list(r[2].items) for r in rows],
        "rules": [list(getattr(r[2], "rules", None) or []) for r in rows],
    }
    fails = {
        "part": [part] * len(failures),
        "pos": list(range(len(failures))),
        "source": [f.source for f in failures],
        "stage": [f.stage for f in failures],
        "code": [f.code for f in failures],
        "message": [f.message for f in failures],
    }
    return {
        "articles": pa.Table.from_pydict(arts, schema=ARTICLES),
        "claims": pa.Table.from_pydict(cl, schema=CLAIMS),
        "failures": pa.Table.from_pydict(fails, schema=FAILURES),
        "rereads": pa.Table.from_pydict(reread_rows, schema=REREADS),
    }


# -- the load ---------------------------------------------------------------------------
_PRECEDING = "ORDER BY part, pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING"

# First occurrence of each article id in input order (no text: the keys only); ``same``:
# already stored and read by the extractor that read it now (nothing to replace).
_FIRST = """
CREATE TEMP TABLE _run_first AS
SELECT part, pos, id, doc_id, url, extractor,
       EXISTS (SELECT 1 FROM documents d WHERE d.id = k.id) AS stored,
       EXISTS (SELECT 1 FROM extractions e WHERE e.article_id = k.id
               AND e.extractor = k.extractor) AS same
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

# Signatures the workers made for the new documents, for fusion to take (fuse_presigned).
_INSERT_PRESIGNED = """
INSERT OR REPLACE INTO fuse_presigned (article_id, version, minhash)
SELECT a.id, a.minhash_version, a.minhash
FROM _run_articles_full a JOIN _run_new n ON n.part = a.part AND n.pos = a.pos
WHERE a.minhash IS NOT NULL
"""

# What is read in this load: first occurrences read by an extractor that had not read them,
# and stored articles read again without their text (part -1).
_READ = """
CREATE TEMP TABLE _run_read AS
SELECT part, pos, id, extractor FROM _run_first WHERE extractor IS NOT NULL AND NOT same
UNION ALL
SELECT -1 AS part, pos, id, extractor FROM _run_rereads_src
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
SELECT r.id, any_value(r.extractor), count(c.id)
FROM _run_read r LEFT JOIN _run_claims c ON c.part = r.part AND c.pos = r.pos
GROUP BY r.id
"""

# A failure seen before (same source, stage, code and message) is touched, not repeated.
_TOUCH_FAILURES = """
UPDATE failures SET failed_at = current_timestamp
WHERE EXISTS (SELECT 1 FROM _run_failures f WHERE f.source = failures.source
              AND f.stage = failures.stage AND f.code = failures.code
              AND f.message = failures.message)
"""
_INSERT_FAILURES = """
INSERT INTO failures (source, stage, code, message)
SELECT source, stage, code, message FROM (
    SELECT source, stage, code, message, min(part) AS part, min(pos) AS pos
    FROM _run_failures f
    WHERE NOT EXISTS (SELECT 1 FROM failures o WHERE o.source = f.source AND o.stage = f.stage
                      AND o.code = f.code AND o.message = f.message)
    GROUP BY source, stage, code, message
) ORDER BY part, pos
"""

_TEMP = ("_run_articles", "_run_first", "_run_new", "_run_read", "_run_claims")
_SOURCES = {
    "articles": "_run_articles_full",
    "claims": "_run_claims_src",
    "failures": "_run_failures",
    "rereads": "_run_rereads_src",
}


def load(
    con: duckdb.DuckDBPyConnection,
    sources: dict[str, Any],
    *,
    skipped: int = 0,
    after: FuseHook | None = None,
) -> IngestReport:
    """Load a batch into the store through ``con`` (inside the caller's transaction).

    ``sources`` maps each kind (articles, claims, failures; rereads optional) to anything
    DuckDB can register: an Arrow table or dataset. ``skipped`` counts articles the
    workers left out because the store already had them. ``after`` (the fusion hook) runs
    with the ids of the articles whose claims were replaced, in input order.
    """
    sources = dict(sources)
    sources.setdefault("rereads", REREADS.empty_table())
    report = IngestReport(unchanged=skipped)
    for kind, name in _SOURCES.items():
        con.register(name, sources[kind])
    try:
        _load(con, report, after)
    finally:
        for name in _SOURCES.values():
            con.unregister(name)
        for name in _TEMP:
            con.execute(f"DROP TABLE IF EXISTS {name}")
    return report


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def _load(con: duckdb.DuckDBPyConnection, report: IngestReport, after: FuseHook | None) -> None:
    con.execute(
        "CREATE TEMP TABLE _run_articles AS"
        " SELECT part, pos, id, doc_id, url, extractor FROM _run_articles_full"
    )
    con.execute(_FIRST)
    con.execute(_NEW)
    con.execute(_INSERT_DOCUMENTS)
    con.execute(_INSERT_PRESIGNED)
    total = _count(con, "SELECT count(*) FROM _run_articles")
    first = _count(con, "SELECT count(*) FROM _run_first")
    report.stored = _count(con, "SELECT count(*) FROM _run_new")
    report.reextracted = _count(
        con, "SELECT count(*) FROM _run_first WHERE stored AND extractor IS NOT NULL AND NOT same"
    )
    report.unchanged += (total - first) + _count(
        con, "SELECT count(*) FROM _run_first WHERE stored AND (extractor IS NULL OR same)"
    )

    con.execute(_READ)
    con.execute("CREATE TEMP TABLE _run_claims AS SELECT * FROM _run_claims_src")
    con.execute("DELETE FROM claims WHERE article_id IN (SELECT id FROM _run_read)")
    con.execute(_INSERT_CLAIMS)
    report.claims = _count(
        con,
        "SELECT count(*) FROM _run_claims c JOIN _run_read r ON r.part = c.part AND r.pos = c.pos",
    )
    con.execute(_INSERT_EXTRACTIONS)
    read_ids = [
        row[0] for row in con.execute("SELECT id FROM _run_read ORDER BY part, pos").fetchall()
    ]
    fill_amounts(con, read_ids)  # amounts of the claims just written (backers.amounts)
    if after is not None and read_ids:
        stats = after(con, read_ids)
        report.fuse = dict(vars(stats)) if hasattr(stats, "__dict__") else dict(stats or {})

    rows = con.execute(
        "SELECT source, stage, code, message FROM _run_failures ORDER BY part, pos"
    ).fetchall()
    if rows:
        con.execute(_TOUCH_FAILURES)
        con.execute(_INSERT_FAILURES)
    report.failures = [Failure(*row) for row in rows]
    report.failed = len(rows)
