"""The index follows the store: ingest adds what it stores, a new version replaces the
old one, the same input twice changes nothing, and a lost index file catches up."""

from __future__ import annotations

from pathlib import Path

from backers.query.search import search
from backers.records import BODY, Article, Section
from backers.store import Store
from backers.store.search_index import SUFFIX, index_for, rebuild


def _article(doc_id: str, body: str, url: str | None = None) -> Article:
    return Article(
        doc_id=doc_id,
        text=body,
        sections=[Section(BODY, 0, len(body))],
        source=f"{doc_id}.txt",
        url=url,
        title=f"About {doc_id}",
        outlet="Example Wire",
        published="2024-02-01",
        published_precision="day",
    )


def _hits(store: Store, text: str) -> list[str]:
    with store.read() as con:
        return [h["id"] for h in search(con, index_for(store), text)["rows"]]


def test_ingest_indexes_new_versions_and_drops_the_old(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    first = _article(
        "depot", "Crates of Lancet drones reached the depot on Monday.", "https://x.example/a"
    )
    store.write_batch([first])
    assert (tmp_path / f"s.duckdb{SUFFIX}").exists()
    assert _hits(store, "Lancet") == [first.id]
    size = index_for(store).size()

    store.write_batch([first])  # the same article again: nothing changes
    assert index_for(store).size() == size

    second = _article(
        "depot", "Crates of Orlan drones reached the depot on Tuesday.", "https://x.example/a"
    )
    store.write_batch([second])
    assert _hits(store, "Orlan") == [second.id]
    assert _hits(store, "Lancet") == []  # the superseded version is out of the index
    assert _hits(store, "depot") == [second.id]
    assert index_for(store).size() == size


def test_a_lost_index_is_rebuilt_from_the_stored_articles(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    art = _article("convoy", "A convoy of howitzers crossed the border at night.")
    store.write_batch([art])
    index = index_for(store)
    index.clear()  # as after a crash between the store's commit and the index's
    assert _hits(store, "howitzers") == [art.id]  # a search catches up first
    assert rebuild(store) == {"added": 1, "removed": 0, "documents": 1}
    assert _hits(store, "howitzers") == [art.id]
