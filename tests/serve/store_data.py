"""A small store for the web tests, from articles written for these tests.

The facts follow the seeds (Iran sold Russia Shahed-136 drones, confirmed by John Kirby;
Iranian personnel in Crimea, assessed; North Korea delivered rockets to Wagner Group;
Israel refused Iron Dome to Ukraine) but every sentence here is our own. One article is
hostile: script tags and a ``javascript:`` URL in its title, text and fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backers import fuse
from backers.records import BODY, CAPTION, COMMENTS, NOISE, TITLE, Article, Claim, Section
from backers.store import Store

KIRBY_CONFIRM = (
    "We can confirm that Iran has sold Shahed-136 drones to Russia, Kirby told reporters."
)
KIRBY_ASSESS = (
    "We assess that Iranian military personnel are in Crimea helping Russian crews, he said."
)
HOSTILE_TITLE = "<script>window.pwned = 1</script>Drones <b>bold</b>"
HOSTILE_BODY = (
    "<script>window.pwned = 2</script> Officials said Atlantis sent "
    '<img src=x onerror="window.pwned = 3"> boats to Utopia.'
)


@dataclass
class Part:
    kind: str
    text: str
    label: str = ""


def article(doc_id: str, parts: list[Part], **meta: str) -> Article:
    """An article whose sections tile its text exactly, in the order given."""
    text, sections = "", []
    for i, part in enumerate(parts):
        chunk = part.text + ("\n\n" if i < len(parts) - 1 else "")
        sections.append(Section(part.kind, len(text), len(text) + len(chunk), part.label))
        text += chunk
    return Article(doc_id=doc_id, text=text, sections=sections, source=f"{doc_id}.txt", **meta)


def claim(art: Article, sentence: str, **fields: object) -> Claim:
    start = art.text.index(sentence)
    values = {
        "claimant": None,
        "claimant_affiliation": None,
        "status": "delivered",
        "certainty": "stated",
        **fields,
    }
    return Claim(
        doc_id=art.doc_id, sentence=sentence, start=start, end=start + len(sentence), **values
    )


def build_store(path: Path) -> Store:
    drones = article(
        "drones-crimea",
        [
            Part(TITLE, "US says Iran sold drones to Russia"),
            Part(
                BODY,
                "The United States accused Tehran on Thursday of arming Moscow. "
                + KIRBY_CONFIRM
                + " "
                + KIRBY_ASSESS,
            ),
            Part(CAPTION, "A drone on display at an air show. Photo: archive"),
            Part(NOISE, "Share 12 Tweet", "share"),
            Part(COMMENTS, "reader77: first!"),
        ],
        title="US says Iran sold drones to Russia",
        url="https://news.example/drones-crimea",
        outlet="Example Wire",
        published="2022-10-20",
        published_precision="day",
    )
    reprint = article(
        "drones-crimea-reprint",
        [
            Part(TITLE, "Iran sold drones to Russia, US says"),
            *[
                Part(s.kind, drones.text[s.start : s.end].rstrip("\n"), s.label)
                for s in drones.sections[1:2]
            ],
        ],
        title="Iran sold drones to Russia, US says",
        url="https://other.example/reprint",
        outlet="Example Daily",
        published="2022-10-21",
        published_precision="day",
    )
    rockets = article(
        "nk-wagner",
        [
            Part(
                BODY,
                "North Korea delivered infantry rockets and missiles to the Wagner Group"
                " late last year, a White House spokesman said. Pyongyang has denied it.",
            ),
        ],
        title="North Korea armed Wagner, White House says",
        url="https://news.example/nk-wagner",
        outlet="Example Times",
        published="2023-01-20",
        published_precision="day",
    )
    iron_dome = article(
        "iron-dome",
        [Part(BODY, "Israel has refused to send Iron Dome batteries to Ukraine, officials said.")],
        title="Israel refuses Iron Dome to Kyiv",
        outlet="Example Post",
        published="2022-10-25",
        published_precision="day",
    )
    assessed = article(
        "belarus-training",
        [Part(BODY, "Analysts assess that Belarus is likely training Russian conscripts.")],
        title="Belarus may be training Russian troops",
        outlet="Example Monitor",
        published="2023-03",
        published_precision="month",
    )
    hostile = article(
        "hostile",
        [Part(TITLE, HOSTILE_TITLE), Part(BODY, HOSTILE_BODY)],
        title=HOSTILE_TITLE,
        url="javascript:window.pwned = 4",
        outlet="<i>Evil</i> Outlet",
        published="2023-05-01",
        published_precision="day",
    )
    kirby = {"claimant": "John Kirby", "claimant_affiliation": "United States"}
    claims = {
        drones.id: [
            claim(
                drones,
                KIRBY_CONFIRM,
                supporter="Iran",
                recipient="Russia",
                type="arms",
                certainty="confirmed",
                items=["Shahed-136", "drones"],
                **kirby,
            ),
            claim(
                drones,
                KIRBY_ASSESS,
                supporter="Iran",
                recipient="Russia",
                type="personnel",
                certainty="assessed",
                location="Crimea",
                **kirby,
            ),
        ],
        reprint.id: [
            claim(
                reprint,
                KIRBY_CONFIRM,
                supporter="Iran",
                recipient="Russia",
                type="arms",
                certainty="confirmed",
                items=["Shahed-136"],
                **kirby,
            ),
        ],
        rockets.id: [
            claim(
                rockets,
                rockets.text.split(", a White")[0],
                supporter="North Korea",
                recipient="Wagner Group",
                type="arms",
                claimant="White House",
                claimant_affiliation="United States",
                items=["rockets", "missiles"],
            ),
            claim(
                rockets,
                "Pyongyang has denied it.",
                supporter="North Korea",
                recipient="Wagner Group",
                type="arms",
                certainty="denied",
                claimant="North Korea",
            ),
        ],
        iron_dome.id: [
            claim(
                iron_dome,
                iron_dome.text,
                supporter="Israel",
                recipient="Ukraine",
                type="arms",
                status="refused",
                items=["Iron Dome"],
            ),
        ],
        assessed.id: [
            claim(
                assessed,
                assessed.text,
                supporter="Belarus",
                recipient="Russia",
                type="training",
                certainty="assessed",
                claimant="Analysts",
            ),
        ],
        hostile.id: [
            claim(
                hostile,
                "Officials said Atlantis sent",
                supporter="<img src=x onerror=window.pwned=5>",
                recipient="Utopia",
                type="arms",
                claimant="<script>window.pwned=6</script>",
            ),
        ],
    }
    store = Store(path)
    articles = [drones, reprint, rockets, iron_dome, assessed, hostile]
    store.write_batch(articles, claims, extractor="test", after=fuse.update)
    return store


TWO_CLAIMS = "Iran sold drones to Russia and trained its crews, the ministry said."


def add_two_claim_sentences(store: Store) -> None:
    """Our own wire and a reprint of it in another outlet: one sentence that says two kinds
    of support (one evidence row holding two claims, arms and training), and a report with
    no date and no outlet."""
    day = {"published_precision": "day", "title": "Drones and crews"}
    wire = article("wire-a", [Part(BODY, TWO_CLAIMS)], outlet="Wire A", published="2023-02-01",
                   **day)  # fmt: skip
    reprint = article("wire-b", [Part(BODY, TWO_CLAIMS + " ")], outlet="Paper B",
                      published="2023-02-02", **day)  # fmt: skip
    undated = article("wire-c", [Part(BODY, "Iran has sent instructors to Russia.")],
                      title="Instructors")  # fmt: skip
    claims = {
        a.id: [
            claim(
                a, TWO_CLAIMS, supporter="Iran", recipient="Russia", type="arms", items=["drones"]
            ),
            claim(a, TWO_CLAIMS, supporter="Iran", recipient="Russia", type="training"),
        ]  # fmt: skip
        for a in (wire, reprint)
    }
    claims[undated.id] = [
        claim(undated, undated.text, supporter="Iran", recipient="Russia", type="personnel")
    ]
    store.write_batch([wire, reprint, undated], claims, extractor="test", after=fuse.update)
