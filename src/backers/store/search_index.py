"""The full-text index of the stored articles: SQLite FTS5 in a file beside the store.

Why FTS5. Three engines were measured side by side (``benchmarks/search_engines.py``, the
37,524 AllSides articles indexed straight from their records, the same 200 two-word
queries, 20 best by BM25 and the count of matches; a machine shared by seven people):

- DuckDB's ``fts`` extension is on PyPI (``duckdb-ext-fts``) only built for DuckDB 1.4.4;
  the store's DuckDB 2.0 refuses to load it, and backers never downloads at run time.
- tantivy 0.27 (PyPI): engine p50 0.19 ms, p95 3.6 ms; built in 52 s; 85 MB (text not
  stored).
- SQLite FTS5: engine p50 5.3 ms, p95 56 ms; built in about 3 min; 545 MB (text stored for
  exact highlight offsets, and prefix indexes).

tantivy is much faster, but FTS5 is ten times under the 50 ms target at the engine, where
the time of a whole search goes to fetching the hits' claims and cutting passages, and it
comes with Python itself: no compiled dependency, phrase and prefix queries, BM25,
``highlight()`` giving exact offsets in the stored text (so a hit's words and its claims'
sentences line up), incremental inserts and deletes in transactions, and WAL mode so
``backers serve`` reads and catches up while an ingest writes (tantivy allows one writer
per index directory, which ingest and the server's catch-up would contend for). Its cost is
disk: the index is about 2.5 times the articles' text.

The index is derived data, never the record: it can always be rebuilt from the store's
documents (``backers search --reindex``). It holds the current version of each document
only (the store's version rule): :func:`sync` adds the documents it lacks and drops those a
newer version superseded, so it is idempotent and catches up after a crash. Ingest calls
:func:`after_load` once a batch is committed; a search also catches up first, so an index
left behind by an older backers still answers fully.

The file is ``<store>.search.sqlite``; an in-memory store (tests) keeps an in-memory index
on the store object.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

SUFFIX = ".search.sqlite"
SCHEMA_VERSION = "1"
# Title words weigh more than body words in the ranking (BM25 column weights).
RANK = "bm25(5.0, 1.0)"
BATCH = 500

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " doc_id TEXT, outlet TEXT, outlet_key TEXT, published TEXT, url TEXT)",
    "CREATE INDEX IF NOT EXISTS docs_outlet ON docs (outlet_key)",
    "CREATE INDEX IF NOT EXISTS docs_published ON docs (published)",
    # Diacritics folded ("Medvedev" finds "Medvédev"); prefixes of 2 and 3 characters
    # indexed so "Sha*" is a lookup, not a scan.
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, body,"
    " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]


@dataclass
class Doc:
    """One document as the index takes it: from the store, or straight from a record."""

    id: str
    doc_id: str | None
    title: str | None
    text: str
    outlet: str | None
    published: str | None
    url: str | None


def outlet_key(outlet: str | None) -> str:
    return " ".join((outlet or "").split()).lower()


class SearchIndex:
    """One index file (or ``:memory:``). Connections are per thread: SQLite's objects may
    not cross threads, and the server answers from a pool of them."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(
            self.path, timeout=60, check_same_thread=self.path != ":memory:", isolation_level=None
        )
        if self.path != ":memory:":
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
        for sql in _SCHEMA:
            con.execute(sql)
        con.execute(
            "INSERT OR IGNORE INTO meta VALUES ('schema', ?), ('documents', '0'),"
            " ('watermark', '')",
            [SCHEMA_VERSION],
        )
        con.execute("INSERT OR REPLACE INTO fts (fts, rank) VALUES ('rank', ?)", [RANK])
        return con

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (the one connection, for an in-memory index)."""
        if self.path == ":memory:":
            with self._lock:
                if self._memory is None:
                    self._memory = self._connect()
                yield self._memory
            return
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = self._connect()
        yield con

    # -- writing ----------------------------------------------------------------------------
    def add(self, docs: Iterable[Doc]) -> int:
        """Index documents not indexed yet (by id); return how many were added."""
        added = 0
        with self.connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                for doc in docs:
                    cur = con.execute(
                        "INSERT OR IGNORE INTO docs (id, doc_id, outlet, outlet_key, published,"
                        " url) VALUES (?, ?, ?, ?, ?, ?)",
                        [
                            doc.id,
                            doc.doc_id,
                            doc.outlet,
                            outlet_key(doc.outlet),
                            doc.published,
                            doc.url,
                        ],
                    )
                    if cur.rowcount:
                        con.execute(
                            "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                            [cur.lastrowid, doc.title or "", doc.text or ""],
                        )
                        added += 1
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return added

    def remove(self, ids: Iterable[str]) -> int:
        """Drop documents from the index (superseded versions); return how many."""
        removed = 0
        with self.connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                for doc_id in ids:
                    row = con.execute("SELECT rowid FROM docs WHERE id = ?", [doc_id]).fetchone()
                    if row is None:
                        continue
                    con.execute("DELETE FROM fts WHERE rowid = ?", [row[0]])
                    con.execute("DELETE FROM docs WHERE rowid = ?", [row[0]])
                    removed += 1
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return removed

    def meta(self, key: str) -> str:
        with self.connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else ""

    def set_meta(self, **values: str) -> None:
        with self.connect() as con:
            con.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [(k, str(v)) for k, v in values.items()],
            )

    def known(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` the index holds."""
        found: set[str] = set()
        with self.connect() as con:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                marks = ",".join("?" * len(chunk))
                rows = con.execute(f"SELECT id FROM docs WHERE id IN ({marks})", chunk)  # noqa: S608
                found.update(row[0] for row in rows)
        return found

    def size(self) -> int:
        with self.connect() as con:
            return con.execute("SELECT count(*) FROM docs").fetchone()[0]

    def clear(self) -> None:
        with self.connect() as con:
            con.execute("DELETE FROM fts")
            con.execute("DELETE FROM docs")
            con.execute("UPDATE meta SET value = '0' WHERE key = 'documents'")
            con.execute("UPDATE meta SET value = '' WHERE key = 'watermark'")

    def optimize(self) -> None:
        """Merge the index's segments into one (after a bulk build: faster queries)."""
        with self.connect() as con:
            con.execute("INSERT INTO fts (fts) VALUES ('optimize')")

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None
        if self._memory is not None:
            self._memory.close()
            self._memory = None


_OPEN: dict[str, SearchIndex] = {}
_OPEN_LOCK = threading.Lock()


def index_for(store: Any) -> SearchIndex:
    """The index of a store (``Store`` or anything with ``path``): one object per file and
    process, so threads share it."""
    path = str(store.path)
    if path == ":memory:":
        index = getattr(store, "_search_index", None)
        if index is None:
            index = SearchIndex(":memory:")
            store._search_index = index
        return index
    path = str(Path(path).resolve()) + SUFFIX
    with _OPEN_LOCK:
        if path not in _OPEN:
            _OPEN[path] = SearchIndex(path)
        return _OPEN[path]


# -- keeping it current -------------------------------------------------------------------
_COLUMNS = "id, doc_id, title, text, outlet, published, url"


def _docs(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> Iterator[Doc]:
    cur = con.execute(f"SELECT {_COLUMNS} FROM documents WHERE {where}", params)  # noqa: S608
    while True:
        rows = cur.fetchmany(BATCH)
        if not rows:
            return
        for row in rows:
            yield Doc(*row)


def sync(index: SearchIndex, con: duckdb.DuckDBPyConnection, *, full: bool = False) -> dict:
    """Bring the index up to the store read through ``con``: add the current documents it
    lacks, drop the ones a newer version superseded. Idempotent; cheap when nothing changed
    (documents are only ever added, so an unchanged count means an unchanged store).
    ``full`` compares every id instead of reading only what came since the last sync."""
    total = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    if not full and str(total) == index.meta("documents"):
        return {"added": 0, "removed": 0, "documents": total}
    if total < int(index.meta("documents") or 0) and not full:
        # A snapshot older than the index (the server's copy): nothing to add.
        return {"added": 0, "removed": 0, "documents": total}
    watermark = "" if full else index.meta("watermark")
    newest = con.execute("SELECT max(ingested_at)::VARCHAR FROM documents").fetchone()[0]
    if watermark:
        fresh = con.execute(
            "SELECT id, doc_id, url, version FROM documents WHERE ingested_at >= ?::TIMESTAMP",
            [watermark],
        ).fetchall()
    else:
        fresh = con.execute("SELECT id, doc_id, url, version FROM documents").fetchall()
    have = index.known([row[0] for row in fresh])
    new_ids = [row[0] for row in fresh if row[0] not in have]
    added = 0
    for start in range(0, len(new_ids), BATCH):
        chunk = new_ids[start : start + BATCH]
        added += index.add(_docs(con, "id IN (SELECT unnest(?::VARCHAR[]))", [chunk]))
    # Versions: only a document stored as version 2 or later supersedes another.
    removed = 0
    later = [row for row in fresh if row[3] > 1]
    if later or full:
        if full:
            stale = con.execute(
                "SELECT id FROM documents EXCEPT SELECT id FROM current_documents"
            ).fetchall()
        else:
            doc_ids = sorted({row[1] for row in later})
            urls = sorted({row[2] for row in later if row[2]})
            stale = con.execute(
                "SELECT id FROM documents WHERE (doc_id IN (SELECT unnest(?::VARCHAR[]))"
                " OR url IN (SELECT unnest(?::VARCHAR[])))"
                " AND id NOT IN (SELECT id FROM current_documents)",
                [doc_ids, urls],
            ).fetchall()
        removed = index.remove(row[0] for row in stale)
    index.set_meta(documents=str(total), watermark=newest or "")
    return {"added": added, "removed": removed, "documents": total}


def after_load(store: Any, report: Any) -> None:
    """The ingest hook: once a batch is committed, index its new documents. A batch that
    stored no document changes nothing here."""
    if not getattr(report, "stored", 0):
        return
    with store.read() as con:
        sync(index_for(store), con)


def rebuild(store: Any) -> dict:
    """Index every current document again from scratch (``backers search --reindex``)."""
    index = index_for(store)
    index.clear()
    with store.read() as con:
        found = sync(index, con, full=True)
    index.optimize()
    return found


def build_from_records(index: SearchIndex, docs: Iterable[Doc]) -> int:
    """Index documents given directly (records of a JSONL corpus, without the NLP pipeline
    and without a store): what the search benchmark does."""
    added = 0
    batch: list[Doc] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= BATCH:
            added += index.add(batch)
            batch = []
    added += index.add(batch)
    index.optimize()
    return added
