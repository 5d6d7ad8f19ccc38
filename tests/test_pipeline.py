"""The local engine isolates a document that breaks extraction or the store, so one bad
document never ends a run or loses the rest of its batch; a pipeline that cannot load
stops the run at once."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from backers.batch.local import run_local
from backers.batch.partition import PartitionOptions
from backers.errors import BackersError
from backers.records import BODY, Article, Claim, Section
from backers.store import Store

OPTIONS = PartitionOptions(extractor="v1", prefilter=False)


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


@pytest.fixture
def extractor_that_breaks_on(monkeypatch):
    """Replace the model and the extractor: ``breaks_on("bad")`` makes extraction raise
    on any batch holding the article ``bad``."""
    import backers.batch.extraction as extraction
    import backers.nlp

    def install(doc_id: str, error: Exception | None = None) -> None:
        def extract(articles, nlp, **kwargs):
            if any(a.doc_id == doc_id for a in articles):
                raise error or ValueError(f"cannot parse {doc_id}")
            return [one_claim(a) for a in articles]

        monkeypatch.setattr(backers.nlp, "load_pipeline", lambda model=None: object())
        monkeypatch.setattr(extraction, "extract_claims", extract)

    return install


class RefusingStore(Store):
    """A store whose database refuses any batch holding one given document."""

    def __init__(self, path: Path, refuse: str) -> None:
        super().__init__(path)
        self.refuse = refuse

    def load(self, sources, *, skipped=0, after=None):
        if self.refuse in sources["articles"].column("doc_id").to_pylist():
            raise duckdb.ConversionException("invalid unicode in string")
        return super().load(sources, skipped=skipped, after=after)


BATCH = [article("a", "Iran sent drones."), article("bad", "???"), article("c", "More.")]


def test_an_article_that_breaks_the_extractor_is_a_failure_and_the_rest_are_read(
    tmp_path, extractor_that_breaks_on
):
    extractor_that_breaks_on("bad")
    store = Store(tmp_path / "s.duckdb").init()
    report = run_local(BATCH, store, OPTIONS, batch_size=10)
    assert (report.stored, report.claims) == (2, 2)
    assert [(f.stage, f.code) for f in report.failures] == [("extract", "extract-error")]
    assert "in/bad.txt" in report.failures[0].source
    # The broken article is not stored, so the next ingest reads it again.
    assert sorted(store.known_articles().values()) == ["v1", "v1"]


def test_a_document_the_database_refuses_is_recorded_and_the_batch_is_kept(
    tmp_path, extractor_that_breaks_on
):
    extractor_that_breaks_on("nothing")
    store = RefusingStore(tmp_path / "s.duckdb", refuse="bad").init()
    report = run_local(BATCH, store, OPTIONS, batch_size=10)
    assert report.stored == 2
    assert [(f.stage, f.code) for f in report.failures] == [("store", "store-error")]
    assert store.counts() == {"documents": 2, "claims": 2, "failures": 1}


def test_an_extractor_that_cannot_load_stops_the_run_instead_of_failing_every_document(
    tmp_path, extractor_that_breaks_on
):
    extractor_that_breaks_on("a", BackersError("the 'md' pipeline is not installed"))
    import backers.nlp

    def missing(model=None):
        raise BackersError("the 'md' pipeline is not installed")

    backers.nlp.load_pipeline = missing  # restored by monkeypatch with the fixture's patch
    store = Store(tmp_path / "s.duckdb").init()
    with pytest.raises(BackersError):
        run_local(BATCH[:1], store, OPTIONS, batch_size=10)
    assert store.counts() == {"documents": 0, "claims": 0, "failures": 0}
