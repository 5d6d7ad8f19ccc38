"""A small store of amounts, from articles written for these tests (no real article text).

Germany pledges EUR 500m (reported twice, by two outlets: one figure), delivers €300
million and 18 howitzers, and pledges $1.7 billion the next year (another currency, never
added to euros); the United States pledges "more than $1 billion" (a lower bound); the
European Union pledges "90 billion euros ($106bn)" (the dollars restate the euros); Sweden
and Norway deliver "$2 billion" together in one sentence (a joint figure); Iran
denies sending "dozens" of drones (a denial adds nothing).
"""

from __future__ import annotations

from pathlib import Path

from backers import fuse
from backers.records import BODY, TITLE, Article, Claim, Section
from backers.store import Store

PLEDGE = "Germany pledged EUR 500m in military aid to Ukraine on Tuesday, the ministry said."
PLEDGE_AGAIN = "Germany pledged EUR 500m for the army of Ukraine, a spokesperson confirmed."
DELIVERED = "Germany has delivered €300 million worth of ammunition to Ukraine, officials said."
HOWITZERS = "Berlin has also delivered 18 howitzers to Kyiv since the spring, they added."
DOLLARS = "Germany pledged $1.7 billion to Ukraine for air defence, the chancellery said."
US = "The United States pledged more than $1 billion in new weapons for Ukraine on Friday."
EU = "The European Union pledged 90 billion euros ($106bn) to Ukraine over two years."
JOINT = "Sweden and Norway delivered $2 billion in aid to Ukraine, their governments said."
DENIAL = "Iran denied that it had sent dozens of drones to Russia, its foreign ministry said."


def _article(doc_id: str, sentence: str, published: str, outlet: str) -> Article:
    title = f"Story {doc_id}"
    text = f"{title}\n\n{sentence}"
    sections = [Section(TITLE, 0, len(title) + 2), Section(BODY, len(title) + 2, len(text))]
    return Article(
        doc_id=doc_id,
        text=text,
        sections=sections,
        source=f"{doc_id}.txt",
        title=title,
        url=f"https://news.example/{doc_id}",
        outlet=outlet,
        published=published,
        published_precision="day",
    )


def _claim(art: Article, sentence: str, **fields: object) -> Claim:
    start = art.text.index(sentence)
    values = {"claimant": None, "claimant_affiliation": None, "certainty": "stated", **fields}
    return Claim(doc_id=art.doc_id, sentence=sentence, start=start, end=start + len(sentence),
                 **values)  # fmt: skip


GERMANY = {"supporter": "Germany", "recipient": "Ukraine"}
US_UA = {"supporter": "United States", "recipient": "Ukraine"}
EU_UA = {"supporter": "European Union", "recipient": "Ukraine"}
PLEDGED = {"status": "pledged", "type": "funding"}
GAVE = {"status": "delivered", "type": "arms"}
# (doc_id, published, outlet, [(sentence, claim fields)])
STORIES = [
    ("pledge", "2023-03-01", "Example Wire",
     [(PLEDGE, {**GERMANY, **PLEDGED, "quantity": "EUR 500m"})]),
    ("pledge-again", "2023-03-02", "Example Daily",
     [(PLEDGE_AGAIN, {**GERMANY, **PLEDGED, "quantity": "500m"})]),
    ("delivered", "2023-09-10", "Example Wire",
     [(DELIVERED, {**GERMANY, **GAVE, "quantity": "€300 million", "items": ["ammunition"]}),
      (HOWITZERS, {**GERMANY, **GAVE, "quantity": "18", "items": ["howitzers"]})]),
    ("dollars", "2024-02-01", "Example Post",
     [(DOLLARS, {**GERMANY, **PLEDGED, "quantity": "$1.7 billion"})]),
    ("us", "2023-05-05", "Example Post",
     [(US, {**US_UA, **PLEDGED, "type": "arms", "quantity": "more than $1 billion"})]),
    ("eu", "2024-12-18", "Example Wire",
     [(EU, {**EU_UA, **PLEDGED, "quantity": "90 billion euros ($106bn)"})]),
    ("joint", "2023-06-01", "Example Post",
     [(JOINT, {"supporter": s, "recipient": "Ukraine", **GAVE, "quantity": "$2 billion"})
      for s in ("Sweden", "Norway")]),
    ("denial", "2023-01-10", "Example Daily",
     [(DENIAL, {"supporter": "Iran", "recipient": "Russia", **GAVE, "certainty": "denied",
                "quantity": "dozens", "items": ["drones"], "claimant": "Iran"})]),
]  # fmt: skip


def articles_and_claims() -> tuple[list[Article], dict[str, list[Claim]]]:
    """The articles and, per article id, their claims."""
    arts, claims = [], {}
    for doc_id, published, outlet, said in STORIES:
        art = _article(doc_id, " ".join(s for s, _ in said), published, outlet)
        arts.append(art)
        claims[art.id] = [_claim(art, sentence, **fields) for sentence, fields in said]
    return arts, claims


def build_store(path: Path | str) -> Store:
    """The store, written the way ingest writes it (one batch, fusion in the same
    transaction), so its amounts come from the hook where claims are stored."""
    arts, claims = articles_and_claims()
    store = Store(path)
    store.write_batch(arts, claims, extractor="test", after=fuse.update)
    return store
