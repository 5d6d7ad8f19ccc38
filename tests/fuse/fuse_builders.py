"""Builders for fusion tests: articles written here, claims constructed by hand.

A plain module, not a conftest.py: a second ``conftest`` module would shadow
``tests/conftest.py`` (``from conftest import shared_path``) for the other test folders.

No article text comes from elsewhere: ``story`` makes a deterministic pseudo-text from a
seed, long enough for shingling to behave as on real articles.
"""

from __future__ import annotations

import random
from pathlib import Path

from backers import fuse
from backers.records import Article, Claim, Section
from backers.store import Store

VOCAB = (
    "officials said the convoy crossed the border near the river after talks in the capital "
    "where ministers met envoys to discuss shipments of equipment spare parts fuel and money "
    "for the coming winter while analysts warned that the front line could shift again soon"
).split()


def story(seed: int, words: int = 220) -> str:
    """A deterministic pseudo-article of about ``words`` words."""
    rng = random.Random(seed)
    sentences = []
    count = 0
    while count < words:
        n = rng.randint(8, 18)
        sentences.append(" ".join(rng.choice(VOCAB) for _ in range(n)).capitalize() + ".")
        count += n
    return " ".join(sentences)


def article(
    doc_id: str,
    text: str,
    *,
    outlet: str = "Outlet",
    url: str | None = None,
    published: str | None = "2023-01-10",
) -> Article:
    return Article(
        doc_id=doc_id,
        text=text,
        sections=[Section("body", 0, len(text))],
        source=f"{doc_id}.txt",
        url=url or f"https://{outlet.lower().replace(' ', '')}.example/{doc_id}",
        outlet=outlet,
        published=published,
    )


def claim(art: Article, sentence: str | None = None, **fields) -> Claim:
    """A claim read from ``art``; ``sentence`` must occur in its text (default: its start)."""
    sentence = sentence or art.text[:60]
    start = art.text.find(sentence)
    if start < 0:
        raise ValueError("sentence not in the article")
    values = {
        "doc_id": art.doc_id,
        "supporter": "Iran",
        "recipient": "Russia",
        "type": "arms",
        "status": "delivered",
        "certainty": "stated",
        "claimant": "John Kirby",
        "claimant_affiliation": "United States",
        "sentence": sentence,
        "start": start,
        "end": start + len(sentence),
    }
    values.update(fields)
    return Claim(**values)


def with_sentence(text: str, sentence: str) -> str:
    return sentence + " " + text


def add(store: Store, pairs: list[tuple[Article, list[Claim]]], update: bool = True) -> list[str]:
    """Write articles with their claims in one batch, then fuse them incrementally."""
    store.write_batch([a for a, _ in pairs], {a.id: cs for a, cs in pairs}, extractor="test")
    ids = [a.id for a, _ in pairs]
    if update:
        with store.write() as con:
            fuse.update(con, ids)
    return ids


def new_store(tmp_path: Path) -> Store:
    """A fresh store file in a test's temporary folder (each test module wraps this in its
    ``store`` fixture)."""
    return Store(tmp_path / "fuse.duckdb")
