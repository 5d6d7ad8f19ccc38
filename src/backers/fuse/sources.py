"""Keeping the near-duplicate tables of a store current: signatures, bands, pairs, groups.

``refresh`` hashes the documents that have no signature yet, finds their candidate pairs
with one SQL self-join on the stored LSH bands, checks each candidate against the threshold,
and relabels the groups of near-duplicates. It returns the documents whose group changed,
since the relations their claims belong to must be recounted. See :mod:`backers.fuse.dedup`
for the method and the measured threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from backers.fuse import dedup


@dataclass
class SourceChanges:
    signed: int  # documents hashed in this call
    pairs: int  # near-duplicate pairs newly found
    regrouped: set[str]  # documents whose group (independent source) changed


def _scope_table(con: duckdb.DuckDBPyConnection, ids: list[str] | None) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _fuse_docs (article_id VARCHAR)")
    if ids is None:
        con.execute("INSERT INTO _fuse_docs SELECT id FROM documents")
    elif ids:
        con.execute("INSERT INTO _fuse_docs SELECT DISTINCT unnest(?::VARCHAR[])", [ids])


def _sign(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Hash the documents of ``_fuse_docs`` that lack a current signature, taking the one
    an ingest worker made where there is one (``fuse_presigned``: the same function)."""
    rows = con.execute(
        "SELECT d.id, CASE WHEN p.minhash IS NULL THEN d.text END,"
        " CASE WHEN p.minhash IS NULL THEN d.sections END, p.minhash FROM documents d"
        " JOIN _fuse_docs s ON s.article_id = d.id"
        " LEFT JOIN fuse_presigned p ON p.article_id = d.id AND p.version = ?"
        " WHERE NOT EXISTS (SELECT 1 FROM fuse_signatures g"
        "   WHERE g.article_id = d.id AND g.version = ?)",
        [dedup.SIGNATURE_VERSION, dedup.SIGNATURE_VERSION],
    ).fetchall()
    if not rows:
        return []
    bands, band_rows = dedup.lsh_params()
    ids, blobs, b_ids, b_band, b_key = [], [], [], [], []
    for aid, text, sections, made in rows:
        if made is None:
            made = dedup.to_bytes(dedup.signature(dedup.body_text(text, sections)))
        ids.append(aid)
        blobs.append(bytes(made))
        for band, key in dedup.band_keys(dedup.from_bytes(blobs[-1]), bands, band_rows):
            b_ids.append(aid)
            b_band.append(band)
            b_key.append(key)
    con.execute("DELETE FROM fuse_signatures WHERE article_id IN (SELECT unnest(?))", [ids])
    con.execute("DELETE FROM fuse_bands WHERE article_id IN (SELECT unnest(?))", [ids])
    con.execute("DELETE FROM fuse_presigned WHERE article_id IN (SELECT unnest(?))", [ids])
    sigs = pa.table(
        {
            "article_id": ids,
            "version": [dedup.SIGNATURE_VERSION] * len(ids),
            "minhash": pa.array(blobs, pa.binary()),
        }
    )
    band_table = pa.table(
        {
            "article_id": b_ids,
            "band": pa.array(b_band, pa.int16()),
            "key": pa.array(b_key, pa.int64()),
        }
    )
    con.register("_fuse_sig_in", sigs)
    con.register("_fuse_band_in", band_table)
    try:
        con.execute(
            "INSERT INTO fuse_signatures SELECT article_id, version, minhash FROM _fuse_sig_in"
        )
        con.execute("INSERT INTO fuse_bands SELECT article_id, band, key FROM _fuse_band_in")
    finally:
        con.unregister("_fuse_sig_in")
        con.unregister("_fuse_band_in")
    return ids


def _find_pairs(con: duckdb.DuckDBPyConnection, probe: list[str] | None) -> int:
    """Candidate pairs of the ``probe`` documents (all when None), verified and stored."""
    if probe is not None and not probe:
        return 0
    where = "" if probe is None else "WHERE a.article_id IN (SELECT unnest(?::VARCHAR[]))"
    params = [] if probe is None else [probe]
    cands = con.execute(
        "WITH c AS (SELECT DISTINCT least(a.article_id, b.article_id) AS a,"
        "   greatest(a.article_id, b.article_id) AS b"
        "   FROM fuse_bands a JOIN fuse_bands b"
        "   ON a.band = b.band AND a.key = b.key AND a.article_id <> b.article_id "
        f"  {where})"
        " SELECT c.a, c.b, sa.minhash, sb.minhash FROM c"
        " JOIN fuse_signatures sa ON sa.article_id = c.a"
        " JOIN fuse_signatures sb ON sb.article_id = c.b"
        " WHERE NOT EXISTS (SELECT 1 FROM fuse_dup_pairs p WHERE p.a = c.a AND p.b = c.b)",
        params,
    ).fetchall()
    found = []
    for a, b, ma, mb in cands:
        jac = dedup.estimate(dedup.from_bytes(ma), dedup.from_bytes(mb))
        if jac >= dedup.THRESHOLD:
            found.append((a, b, jac))
    if found:
        con.executemany("INSERT INTO fuse_dup_pairs VALUES (?, ?, ?)", found)
    return len(found)


def _regroup(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Relabel the groups from all pairs; write and return the documents that moved."""
    pairs = con.execute("SELECT a, b FROM fuse_dup_pairs").fetchall()
    new = {k: v for k, v in dedup.components([], pairs).items()}
    old = dict(con.execute("SELECT article_id, source_id FROM fuse_sources").fetchall())
    changed = {k for k in new.keys() | old.keys() if new.get(k, k) != old.get(k, k)}
    changed |= {k for k in new.keys() ^ old.keys()}
    if changed:
        moved = sorted(changed)
        con.execute("DELETE FROM fuse_sources WHERE article_id IN (SELECT unnest(?))", [moved])
        rows = [(k, new[k]) for k in moved if k in new]
        if rows:
            con.register(
                "_fuse_src_in",
                pa.table({"article_id": [r[0] for r in rows], "source_id": [r[1] for r in rows]}),
            )
            try:
                con.execute("INSERT INTO fuse_sources SELECT * FROM _fuse_src_in")
            finally:
                con.unregister("_fuse_src_in")
    return changed


def refresh(con: duckdb.DuckDBPyConnection, article_ids: list[str] | None) -> SourceChanges:
    """Bring signatures, pairs and groups up to date for ``article_ids`` (None: all).

    A full refresh keeps valid stored signatures (texts do not change under an id) but
    drops those of documents that are gone or were hashed with other parameters, and
    recomputes every pair from the stored bands.
    """
    _scope_table(con, article_ids)
    if article_ids is None:
        con.execute(
            "DELETE FROM fuse_signatures WHERE version <> ?"
            " OR article_id NOT IN (SELECT id FROM documents)",
            [dedup.SIGNATURE_VERSION],
        )
        con.execute(
            "DELETE FROM fuse_bands"
            " WHERE article_id NOT IN (SELECT article_id FROM fuse_signatures)"
        )
        con.execute("DELETE FROM fuse_dup_pairs")
    signed = _sign(con)
    pairs = _find_pairs(con, None if article_ids is None else signed)
    regrouped = _regroup(con)
    con.execute("DROP TABLE IF EXISTS _fuse_docs")
    return SourceChanges(signed=len(signed), pairs=pairs, regrouped=regrouped)
