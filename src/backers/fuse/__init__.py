"""Fusion: one picture of who backs whom from many articles.

``update(con, article_ids)`` runs inside the caller's write transaction (the ingest calls
it after each batch with the ids of new or re-extracted articles; ``None`` rebuilds
everything). It

1. hashes the new documents and regroups near-duplicates (:mod:`.sources`, :mod:`.dedup`),
2. recomputes the relations of every (supporter, recipient) pair those documents, or the
   documents whose near-duplicate group changed, have claims about (:mod:`.relations`),
   with the confidence of each (:mod:`.confidence`).

Read the results, and write them out, with :mod:`backers.query` (fusion only writes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import duckdb

from backers.fuse import catalogue as _catalogue
from backers.fuse import relations as _relations
from backers.fuse import sources as _sources


@dataclass
class FuseStats:
    """What one update did."""

    documents_hashed: int = 0
    duplicate_pairs_found: int = 0
    documents_regrouped: int = 0
    pairs_recomputed: int = 0
    relations: int = 0  # relations in the store after the update
    seconds: float = 0.0


def update(
    con: duckdb.DuckDBPyConnection,
    article_ids: list[str] | None = None,
    *,
    catalogue: _catalogue.Catalogue | None = None,
) -> FuseStats:
    """Bring the fused tables up to date with the documents and claims of ``con``.

    ``article_ids``: the articles that are new or were re-extracted since the last update;
    ``None`` recomputes everything (the result is the same as running every update since
    the store was empty). The first update of a store is always a full one, so claims
    stored before fusion existed are not missed. Does not open or commit a transaction:
    the caller's is used.
    """
    started = time.perf_counter()
    cat = catalogue if catalogue is not None else _catalogue.load()
    ids = None if article_ids is None else list(dict.fromkeys(article_ids))
    if ids is not None and not _initialised(con):
        ids = None  # the store may hold claims from before fusion: build everything once
    changes = _sources.refresh(con, ids)
    scope_ids = None if ids is None else sorted(set(ids) | changes.regrouped)
    pairs = _relations.set_scope(con, scope_ids)
    count = _relations.rebuild_scope(con, cat) if pairs else _count(con)
    if ids is None or pairs:
        _relations.keep_order(con, None if ids is None else _relations.appended(con), count)
    con.execute("DROP TABLE IF EXISTS _fuse_scope")
    # A new token per update, in the same transaction: readers key what they cache about
    # the fused tables (query.actors) by it, so a cache can never outlive the data.
    con.execute("INSERT OR REPLACE INTO fuse_state VALUES ('generation', CAST(uuid() AS VARCHAR))")
    if ids is None:
        con.execute(
            "INSERT OR REPLACE INTO fuse_state"
            " VALUES ('rebuilt_at', CAST(current_timestamp AS VARCHAR))"
        )
    return FuseStats(
        documents_hashed=changes.signed,
        duplicate_pairs_found=changes.pairs,
        documents_regrouped=len(changes.regrouped),
        pairs_recomputed=pairs,
        relations=count,
        seconds=round(time.perf_counter() - started, 3),
    )


def _initialised(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT 1 FROM fuse_state WHERE key = 'rebuilt_at'").fetchone() is not None


def _count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM fuse_relations").fetchone()[0]


__all__ = ["FuseStats", "update"]
