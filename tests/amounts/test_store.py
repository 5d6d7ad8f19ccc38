"""Amounts are computed when claims are stored, idempotently, and a store whose claims
were stored before the amounts table existed gets them filled when it is opened."""

from __future__ import annotations

from pathlib import Path

import duckdb

from backers import fuse
from backers.amounts import VERSION
from backers.amounts.fill import missing, refresh
from backers.store import Store

from .data import articles_and_claims, build_store


def rows(path: Path) -> list[tuple]:
    with Store(path).read() as con:
        return con.execute(
            "SELECT claim_id, part, written, value, currency, unit, role FROM amounts"
            " ORDER BY claim_id, part"
        ).fetchall()


def test_written_with_the_claims_and_again_changes_nothing(db_path: Path) -> None:
    build_store(db_path)
    first = rows(db_path)
    assert ("EUR 500m", 5e8, "EUR", "money") in [r[2:6] for r in first]
    with Store(db_path).read() as con:
        claims = con.execute("SELECT count(*) FROM claims WHERE quantity IS NOT NULL").fetchone()
    # one figure per claim, and the restated dollars of the EU pledge
    assert len(first) == claims[0] + 1
    arts, claims_of = articles_and_claims()
    report = Store(db_path).write_batch(arts, claims_of, extractor="test", after=fuse.update)
    assert report.stored == 0
    assert rows(db_path) == first


def test_a_new_reading_replaces_the_amounts_of_its_article(db_path: Path) -> None:
    build_store(db_path)
    arts, claims_of = articles_and_claims()
    pledge = next(a for a in arts if a.doc_id == "pledge")
    for c in claims_of[pledge.id]:
        c.quantity = "EUR 600m"
    Store(db_path).write_batch([], {pledge.id: claims_of[pledge.id]}, extractor="test-2")
    ids = {c.id for c in claims_of[pledge.id]}
    assert [r[2] for r in rows(db_path) if r[0] in ids] == ["EUR 600m"]


def test_a_store_from_before_the_amounts_table_is_filled_at_open(db_path: Path) -> None:
    build_store(db_path)
    expected = rows(db_path)
    # Make it what an older backers left: claims, no amounts table, migration not applied.
    con = duckdb.connect(str(db_path))
    con.execute("DROP TABLE amounts")
    con.execute("DELETE FROM schema_migrations WHERE name = '065_amounts'")
    con.close()
    assert rows(db_path) == expected  # opening migrates, then fills from the stored claims


def test_refresh_reads_every_quantity_again(db_path: Path) -> None:
    build_store(db_path)
    expected = rows(db_path)
    with Store(db_path).write() as con:
        con.execute("UPDATE amounts SET version = 'old'")
        assert missing(con) == len({r[0] for r in expected})
        assert refresh(con, only_missing=True) == len(expected)
        assert missing(con) == 0
        assert con.execute("SELECT DISTINCT version FROM amounts").fetchall() == [(VERSION,)]
    assert rows(db_path) == expected
