"""Functions shared by the reliability tests (imported as ``reliability.helpers``)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from backers.ingest.decode import has_text
from backers.records import SECTION_KINDS, Article, Failure, content_hash

TALLY: Counter[str] = Counter()  # inputs tried, by test, for the closing summary
BACKERS = [str(Path(sys.executable).with_name("backers"))]


def fuzz_seconds(default: float = 60.0) -> float:
    return float(os.environ.get("BACKERS_FUZZ_SECONDS", default))


def run_for(seconds: float, round_: Callable[[], None]) -> int:
    """Call ``round_`` (a Hypothesis test of a bounded number of examples, each call with
    a fresh random seed) until ``seconds`` have passed; return the number of rounds."""
    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        round_()
        rounds += 1
    return rounds


# -- checks ------------------------------------------------------------------------------


def check_sections(text: str, sections: list) -> None:
    """Sections tile the text: in order, contiguous, from 0 to len(text), known kinds."""
    assert sections or not text, "text without sections"
    at = 0
    for s in sections:
        kind = s.kind if hasattr(s, "kind") else s["kind"]
        start = s.start if hasattr(s, "start") else s["start"]
        end = s.end if hasattr(s, "end") else s["end"]
        assert kind in SECTION_KINDS, kind
        assert start == at, (start, at, sections)
        assert end > start, (start, end)
        at = end
    assert at == len(text), (at, len(text))


def check_item(item: Article | Failure) -> None:
    """What a reader may yield: an Article whose sections tile its text, or a Failure
    with a stage, a code and a message naming its input."""
    if isinstance(item, Failure):
        assert item.stage == "read"
        assert item.code and item.code != "internal", item
        assert item.message and item.source, item
        return
    assert isinstance(item, Article), type(item)
    assert has_text(item.text), f"an article without visible text: {item.text!r}"
    check_sections(item.text, item.sections)
    item.text.encode("utf-8")  # no lone surrogates
    for value in (item.title, item.url, item.outlet, item.author, item.doc_id):
        if value is not None:
            value.encode("utf-8")
    json.dumps(item.meta, default=str).encode("utf-8")


def check_store(db: Path | str) -> dict[str, int]:
    """Open a store file read-only and check every document is whole and every claim
    points at a stored document; return the table counts."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT id, doc_id, text, sections, text_hash FROM documents").fetchall()
        for _id, doc_id, text, sections, text_hash in rows:
            assert content_hash(text) == text_hash, doc_id
            check_sections(text, json.loads(sections))
        orphans = con.execute(
            "SELECT count(*) FROM claims c LEFT JOIN documents d ON d.id = c.article_id"
            " WHERE d.id IS NULL"
        ).fetchone()[0]
        assert orphans == 0, f"{orphans} claims point to a missing document"
        for aid, claims in con.execute(
            "SELECT e.article_id, e.claims FROM extractions e"
        ).fetchall():
            stored = con.execute("SELECT count(*) FROM claims WHERE article_id = ?", [aid])
            assert stored.fetchone()[0] == claims, aid
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in ("documents", "claims", "failures")
        }
        counts["doc_ids"] = con.execute("SELECT count(DISTINCT doc_id) FROM documents").fetchone()[
            0
        ]
        return counts
    finally:
        con.close()


# -- subprocesses ------------------------------------------------------------------------


def backers(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """Run the CLI to completion in a subprocess."""
    return subprocess.run(
        [*BACKERS, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env},
        check=False,
    )


# -- generated articles ------------------------------------------------------------------

SUPPORTERS = ["Atlantis", "Utopia", "Freedonia", "Ruritania", "Iran", "North Korea", "Belarus"]
RECIPIENTS = ["Russia", "Ukraine", "Wagner Group", "Elbonia", "Syldavia"]
ITEMS = ["drones", "artillery shells", "rifles", "air defence systems", "fuel", "trucks"]
VERBS = ["delivered", "sent", "supplied", "pledged to send", "sold"]


def article_text(rng: random.Random, n: int) -> str:
    """An article of our own sentences, a title line first, with a little scraped noise."""
    s, r = rng.choice(SUPPORTERS), rng.choice(RECIPIENTS)
    lines = [f"Report {n}: {s} and {r}", "", "Share 12 Tweet", ""]
    for _ in range(rng.randint(2, 6)):
        lines.append(
            f"Officials said on Tuesday that {s} {rng.choice(VERBS)} {rng.randint(2, 900)} "
            f"{rng.choice(ITEMS)} to {r} last month, in article number {n}."
        )
        lines.append("")
    lines.append("Advertisement")
    return "\n".join(lines)


def write_articles(folder: Path, n: int, seed: int = 7, prefix: str = "") -> Path:
    """``n`` text articles (and a JSONL file holding some more) in ``folder``; every
    document has a distinct text. Returns the folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = n - n // 4
    for i in range(texts):
        (folder / f"{prefix}article-{i:04d}.txt").write_text(article_text(rng, i), encoding="utf-8")
    with (folder / f"{prefix}wire.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(texts, n):
            record = {"id": f"{prefix}wire-{i}", "title": f"Wire {i}", "text": article_text(rng, i)}
            fh.write(json.dumps(record) + "\n")
    return folder


# -- a store full of hostile text -------------------------------------------------------------

# Each payload sets window.pwned if it ever runs; the browser test checks it never does.
SCRIPT = "<script>window.pwned='{0}'</script>"
IMG = "<img src=x onerror=\"window.pwned='{0}'\">"
SVG = "<svg onload=window.pwned='{0}'>"
BREAK = "\"'><script>window.pwned='{0}'</script>"
JS_URL = "javascript:window.pwned='{0}'"
# Spreadsheet formulas: a CSV export must defuse them.
FORMULAS = ['=HYPERLINK("http://x.invalid","x")', "+1+1", "-2+3", "@SUM(A1)"]
HOSTILE_ACTORS = {
    "supporter": IMG.format("supporter"),
    "recipient": BREAK.format("recipient"),
    "claimant": SVG.format("claimant"),
    "affiliation": SCRIPT.format("affiliation"),
}
HOSTILE_DOC = "hostile-doc"


def hostile_store(path: Path | str):
    """A store whose titles, outlets, URLs, authors, text, actor names, claimants, items
    and places carry markup, script payloads, ``javascript:`` URLs and spreadsheet formulas;
    and one plain pair (Atlantis backs Utopia) for contrast."""
    from backers import fuse
    from backers.records import BODY, TITLE, Claim, Section
    from backers.store import Store

    def article(doc_id: str, title: str, body: str, **meta: str) -> Article:
        text = title + "\n\n" + body
        sections = [Section(TITLE, 0, len(title) + 2), Section(BODY, len(title) + 2, len(text))]
        return Article(doc_id=doc_id, text=text, sections=sections, source=f"{doc_id}.txt",
                       title=title, **meta)  # fmt: skip

    def claim(art: Article, sentence: str, supporter: str, recipient: str, **kw) -> Claim:
        start = art.text.index(sentence)
        values = {"type": "arms", "status": "delivered", "certainty": "stated",
                  "claimant": None, "claimant_affiliation": None, **kw}  # fmt: skip
        end = start + len(sentence)
        return Claim(doc_id=art.doc_id, supporter=supporter, recipient=recipient,
                     sentence=sentence, start=start, end=end, **values)  # fmt: skip

    sentence = (
        f"Officials said {SCRIPT.format('body')} that the drones {IMG.format('body2')} "
        f"arrived on Tuesday, {JS_URL.format('body3')}."
    )
    hostile = article(
        HOSTILE_DOC,
        SCRIPT.format("title") + " Drones " + IMG.format("title2"),
        sentence + " " + FORMULAS[0],
        url=JS_URL.format("url"),
        outlet=BREAK.format("outlet"),
        author=SVG.format("author"),
        published="2023-05-01",
        published_precision="day",
    )
    formulas = article(
        "formula-doc",
        FORMULAS[1] + " title",
        "Officials said Freedonia sent rifles to Syldavia on Monday.",
        url="https://news.example/formula",
        outlet=FORMULAS[3],
        published="2023-06-01",
        published_precision="day",
    )
    plain = article(
        "plain-doc",
        "Atlantis sends boats",
        "Officials said Atlantis delivered boats to Utopia last week.",
        url="https://news.example/plain",
        outlet="Example Wire",
        published="2023-04-01",
        published_precision="day",
    )
    claims = {
        hostile.id: [
            claim(
                hostile,
                sentence,
                HOSTILE_ACTORS["supporter"],
                HOSTILE_ACTORS["recipient"],
                claimant=HOSTILE_ACTORS["claimant"],
                claimant_affiliation=HOSTILE_ACTORS["affiliation"],
                items=[SCRIPT.format("item"), FORMULAS[0]],
                location=IMG.format("location"),
                quantity=BREAK.format("quantity"),
                evidence=JS_URL.format("evidence"),
            ),
            claim(hostile, sentence, HOSTILE_ACTORS["supporter"], "Utopia"),
        ],
        formulas.id: [
            claim(
                formulas,
                formulas.text.split("\n\n")[1],
                FORMULAS[0],
                FORMULAS[1],
                claimant=FORMULAS[2],
                claimant_affiliation=FORMULAS[3],
                items=[FORMULAS[3]],
            )
        ],
        plain.id: [claim(plain, plain.text.split("\n\n")[1], "Atlantis", "Utopia")],
    }
    store = Store(path)
    store.write_batch([hostile, formulas, plain], claims, extractor="test", after=fuse.update)
    return store
