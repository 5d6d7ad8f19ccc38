"""A store ingested (the real pipeline) from an article written for these tests; each test
gets its own copy, so corrections made by one never leak into another."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from backers.pipeline import ingest
from backers.query.claims import all_claims
from backers.query.filters import Filters
from backers.store import Store

# Our own text (not copied news): two claims, Iran -> Houthis arms and Russia -> Mali
# personnel, each in a sentence of its own.
IRAN_SENTENCE = (
    "DUBAI (Test Wire) - Iran has delivered dozens of attack drones to the Houthis in Yemen,"
    " a United Nations panel said on Tuesday."
)
MALI_SENTENCE = (
    "Separately, Russia sent military advisers to Mali last year, French officials said."
)
ARTICLE = (
    "Panel says Iran armed the Houthis\n\n"
    + IRAN_SENTENCE
    + "\n\nThe panel said the shipments went on through the spring despite an embargo.\n\n"
    + MALI_SENTENCE
    + "\n"
)
DOC = "gulf-shipments"


def write_article(folder: Path, text: str = ARTICLE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{DOC}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(store file, articles folder) after one ingest of ARTICLE."""
    root = tmp_path_factory.mktemp("corrections")
    folder = root / "articles"
    write_article(folder)
    db = root / "base.duckdb"
    report = ingest([str(folder)], Store(db))
    assert report.failed == 0
    return db, folder


@pytest.fixture
def store(ingested: tuple[Path, Path], tmp_path: Path) -> Store:
    """A private copy of the ingested store."""
    target = tmp_path / "store.duckdb"
    shutil.copyfile(ingested[0], target)
    return Store(target)


@pytest.fixture
def articles(ingested: tuple[Path, Path], tmp_path: Path) -> Path:
    """A private copy of the articles folder (tests rewrite the article)."""
    target = tmp_path / "articles"
    shutil.copytree(ingested[1], target)
    return target


def claims_of(store: Store, **filters: str) -> list[dict]:
    with store.read() as con:
        return all_claims(con, Filters.of(**filters))


@pytest.fixture
def claim_id(store: Store) -> Callable[[str, str], str]:
    """The id of the one current claim supporter -> recipient."""

    def find(supporter: str, recipient: str) -> str:
        found = claims_of(store, supporter=supporter, recipient=recipient)
        assert len(found) == 1, found
        return found[0]["id"]

    return find
