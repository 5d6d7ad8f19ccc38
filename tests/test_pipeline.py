"""The local pipeline isolates a document that breaks extraction or the store, so one bad
document never ends a run or loses the rest of its batch."""

from __future__ import annotations

from pathlib import Path

import duckdb

from backers.pipeline import IngestReport, store_batch
from backers.records import BODY, Article, Claim, Section
from backers.store import Store


def article(doc_id: str, text: str) -> Article:
    return Article(doc_id, text, [Section(BODY, 0, len(text))], source=f"in/{doc_id}.txt")


def one_claim(art: Article) -> list[Claim]:
    return [
        Claim(
            art.doc_id,
            "Iran",
            "Russia",
            "arms",
            "delivered",
            "stated",
            None,
            None,
            art.text,
            0,
            len(art.text),
        )
    ]


def extractor_that_breaks_on(doc_id: str):
    def extract(articles: list[Article]) -> list[list[Claim]]:
        if any(a.doc_id == doc_id for a in articles):
            raise ValueError(f"cannot parse {doc_id}")
        return [one_claim(a) for a in articles]

    return extract


class RefusingStore(Store):
    """A store whose database refuses any batch holding one given document."""

    def __init__(self, path: Path, refuse: str) -> None:
        super().__init__(path)
        self.refuse = refuse

    def write_batch(self, articles=(), claims=None, failures=(), extractor=None, after=None):
        articles = list(articles)
        if any(a.doc_id == self.refuse for a in articles):
            raise duckdb.ConversionException("invalid unicode in string")
        return super().write_batch(articles, claims, failures, extractor, after)


def test_an_article_that_breaks_the_extractor_is_a_failure_and_the_rest_are_read(tmp_path):
    store = Store(tmp_path / "s.duckdb").init()
    batch = [article("a", "Iran sent drones."), article("bad", "???"), article("c", "More.")]
    report = IngestReport()
    store_batch(store, batch, [], {}, "v1", extractor_that_breaks_on("bad"), report)
    assert report.stored == 3
    assert report.claims == 2
    assert [(f.stage, f.code) for f in report.failures] == [("extract", "extract-error")]
    assert "in/bad.txt" in report.failures[0].message
    # The broken article has no extraction record, so the next ingest reads it again.
    assert sorted(v for v in store.known_articles().values() if v) == ["v1", "v1"]


def test_a_document_the_database_refuses_is_recorded_and_the_batch_is_kept(tmp_path):
    store = RefusingStore(tmp_path / "s.duckdb", refuse="bad").init()
    batch = [article("a", "Iran sent drones."), article("bad", "???"), article("c", "More.")]
    report = IngestReport()
    store_batch(store, batch, [], {}, "v1", extractor_that_breaks_on("nothing"), report)
    assert report.stored == 2
    assert [(f.stage, f.code) for f in report.failures] == [("store", "store-error")]
    counts = store.counts()
    assert counts == {"documents": 2, "claims": 2, "failures": 1}


def test_an_extractor_that_cannot_load_stops_the_run_instead_of_failing_every_document(tmp_path):
    import pytest

    from backers.errors import BackersError

    def missing_model(articles):
        raise BackersError("the 'md' pipeline is not installed")

    store = Store(tmp_path / "s.duckdb").init()
    with pytest.raises(BackersError):
        store_batch(
            store, [article("a", "Iran sent drones.")], [], {}, "v1", missing_model, IngestReport()
        )
    assert store.counts() == {"documents": 0, "claims": 0, "failures": 0}
