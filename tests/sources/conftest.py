"""A store of articles we wrote, from rated, state and unrated outlets, each saying its
own country arms Ruritania (so every outlet's claim makes its own relation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backers import fuse
from backers.records import BODY
from backers.store import Store

from ..serve.store_data import Part, article, claim

# doc_id: (outlet, url, supporter)
OUTLETS = {
    "wire": ("Reuters", "https://www.reuters.com/world/a", "Atlantis"),
    "state": (None, "https://www.rt.com/news/b", "Borduria"),  # rated by its URL's host
    "pundit": ("The Gateway Pundit", None, "Carpania"),
    "blog": ("Example Blog", "https://blog.example/c", "Dystopia"),
}


@pytest.fixture(scope="session")
def rated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sources") / "rated.duckdb"
    articles, claims = [], {}
    for doc_id, (outlet, url, supporter) in OUTLETS.items():
        sentence = f"Officials said {supporter} has delivered rifles to Ruritania ({doc_id})."
        art = article(
            doc_id, [Part(BODY, sentence)], title=f"{supporter} arms Ruritania", url=url,
            outlet=outlet, published="2024-03-01", published_precision="day",
        )  # fmt: skip
        articles.append(art)
        claims[art.id] = [
            claim(art, sentence, supporter=supporter, recipient="Ruritania", type="arms")
        ]
    Store(path).write_batch(articles, claims, extractor="test", after=fuse.update)
    return path
