"""Fixtures of the extract tests: the model, loaded once for the session."""

from __future__ import annotations

import pytest

from backers.records import BODY, Article, Section


@pytest.fixture(scope="session")
def nlp():
    from backers.nlp import load_pipeline

    return load_pipeline()


def make_article(text: str, doc_id: str = "t", published: str | None = "2024-03-15") -> Article:
    """An article whose whole text is one body section."""
    return Article(
        doc_id=doc_id,
        text=text,
        sections=[Section(BODY, 0, len(text))],
        source="test",
        published=published,
        published_precision="day",
    )


@pytest.fixture
def extract(nlp):
    """extract("text") -> claims of an article made of that text."""
    from backers.extract import extract_articles

    def run(text: str, **kwargs):
        return extract_articles([make_article(text, **kwargs)], nlp)[0]

    return run
