"""The store: migrations, atomic batches, identity, versions, bad database files, locks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from backers.errors import MissingStore, NotADatabase, StoreLocked
from backers.records import BODY, Article, Claim, Failure, Section
from backers.store import Store
from backers.store.db import migrations


def article(doc_id: str, text: str, url: str | None = None) -> Article:
    return Article(
        doc_id=doc_id,
        text=text,
        sections=[Section(BODY, 0, len(text))],
        source=f"{doc_id}.txt",
        url=url,
    )


def claim(doc_id: str, supporter: str = "Iran", recipient: str = "Russia") -> Claim:
    return Claim(doc_id, supporter, recipient, "arms", "delivered", "stated", None, None, "s", 0, 1)


def test_migrations_are_ordered_and_recorded(db_path: Path) -> None:
    store = Store(db_path).init()
    with store.read() as con:
        recorded = [
            r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
        ]
    shipped = [version for version, _, _ in migrations()]
    assert recorded == shipped == sorted(shipped)
    assert shipped[:2] == [1, 2]


def test_reopening_applies_no_migration_twice(db_path: Path) -> None:
    Store(db_path).init()
    Store(db_path).init()
    with Store(db_path).read() as con:
        n = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert n == len(migrations())


def test_same_article_twice_is_unchanged(db_path: Path) -> None:
    store = Store(db_path)
    first = store.write_batch([article("a", "Iran sold drones to Russia.")])
    second = store.write_batch([article("a", "Iran sold drones to Russia.")])
    assert (first.stored, first.unchanged) == (1, 0)
    assert (second.stored, second.unchanged) == (0, 1)
    assert store.counts()["documents"] == 1


def test_same_url_with_changed_text_is_a_new_version(db_path: Path) -> None:
    store = Store(db_path)
    store.write_batch([article("a", "First text.", url="https://example.org/x")])
    store.write_batch([article("a", "Second, edited text.", url="https://example.org/x")])
    with store.read() as con:
        rows = con.execute("SELECT version, text FROM documents ORDER BY version").fetchall()
    assert rows == [(1, "First text."), (2, "Second, edited text.")]


def test_claims_replace_earlier_claims_of_the_article(db_path: Path) -> None:
    store = Store(db_path)
    art = article("a", "text")
    store.write_batch([art], {art.id: [claim("a"), claim("a", "North Korea")]}, extractor="v1")
    store.write_batch([], {art.id: [claim("a")]}, extractor="v2")
    with store.read() as con:
        assert con.execute("SELECT count(*), any_value(extractor) FROM claims").fetchone() == (
            1,
            "v2",
        )
        assert con.execute("SELECT extractor FROM extractions").fetchone() == ("v2",)
    assert store.known_articles() == {art.id: "v2"}


def test_a_failing_batch_writes_nothing(db_path: Path) -> None:
    store = Store(db_path)
    store.write_batch([article("kept", "already stored")])

    def explode(con, ids):
        raise RuntimeError("fusion failed")

    art = article("b", "new text")
    with pytest.raises(RuntimeError):
        store.write_batch(
            [art],
            {art.id: [claim("b")]},
            [Failure("x", "read", "empty", "x: empty")],
            "v1",
            explode,
        )
    assert store.counts() == {"documents": 1, "claims": 0, "failures": 0}


def test_a_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 10)
    with pytest.raises(NotADatabase) as info:
        Store(path).counts()
    assert str(path) in str(info.value)
    assert path.read_text().startswith("these are my notes")


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(NotADatabase):
        Store(tmp_path).counts()


def test_a_writer_in_another_process_makes_us_wait_then_say_locked(db_path: Path) -> None:
    Store(db_path).init()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(db_path)!r})
                print("locked", flush=True)
                time.sleep(30)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(StoreLocked) as info:
            Store(db_path, lock_wait=0.5).counts()
        assert time.monotonic() - started >= 0.5
        assert "locked by another" in str(info.value)
    finally:
        holder.kill()
        holder.wait()
    assert Store(db_path).counts()["documents"] == 0


def test_memory_store_keeps_its_data() -> None:
    store = Store(":memory:")
    store.write_batch([article("m", "in memory")])
    assert store.counts()["documents"] == 1


def test_reading_a_store_that_does_not_exist_says_how_to_make_one(tmp_path: Path) -> None:
    path = tmp_path / "typo.duckdb"
    with pytest.raises(MissingStore) as info:
        Store(path).counts()
    assert "backers ingest" in str(info.value)
    assert not path.exists()


def test_the_same_failure_again_is_not_a_new_row(db_path: Path) -> None:
    store = Store(db_path)
    bad = Failure("in/x.jsonl", "read", "bad-json", "in/x.jsonl: line 2: not valid JSON")
    store.write_batch(failures=[bad])
    store.write_batch(failures=[bad])
    store.write_batch(failures=[Failure("in/y.txt", "read", "empty", "in/y.txt: empty file")])
    assert store.counts()["failures"] == 2
