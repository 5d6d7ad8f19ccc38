"""On the team's real corpus: no two articles are near-duplicates, a planted reprint is."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from backers import fuse
from backers.store import Store

from .fuse_builders import article


def shared_path(*parts: str) -> Path:
    """As ``tests/conftest.py``'s helper (not imported: other folders' conftest modules
    shadow the name ``conftest``): a path under ../shared, or skip."""
    root = Path(
        os.environ.get("BACKERS_SHARED", Path(__file__).resolve().parents[2].parent / "shared")
    )
    path = root.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the team's shared/ folder beside the repo")
    return path


@pytest.mark.shared
def test_corpus_has_no_near_duplicates_but_a_planted_reprint_is_found(tmp_path):
    path = shared_path("corpus", "news.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    arts = [
        article(r["id"], r["text"], outlet=r.get("outlet") or "?", url=r.get("url"))
        for r in records
        if (r.get("text") or "").strip()
    ]
    rng = random.Random(3)
    original = max(arts, key=lambda a: len(a.text))
    words = original.text.split()
    for _ in range(len(words) // 40):  # 2.5 % of the words replaced
        words[rng.randrange(len(words))] = "edited"
    reprint = article("planted", "Breaking\n" + " ".join(words), outlet="Syndicator")
    store = Store(tmp_path / "corpus.duckdb")
    store.write_batch([*arts, reprint])
    with store.write() as con:
        stats = fuse.update(con, None)
        pairs = con.execute("SELECT a, b FROM fuse_dup_pairs").fetchall()
    store.close()
    assert stats.documents_hashed == len(arts) + 1
    assert pairs == [tuple(sorted([original.id, reprint.id]))]
