"""The evidence of a pair paged in SQL gives, page by page, exactly the sentences (with
their claims, reprints, outlets and denial links) of the whole trail, in its order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backers.query.relations import relation_evidence
from backers.store import Store

from .store_data import add_two_claim_sentences

KEYS = (
    "claims", "types", "statuses", "certainties", "claimants", "items", "denies",
    "reprints", "reported_by", "seen", "outlet", "role", "sentence", "source_rating",
)  # fmt: skip


@pytest.fixture(scope="module")
def pairs(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, list]:
    path = tmp_path_factory.mktemp("evidence") / "pages.duckdb"
    shutil.copyfile(store_path, path)
    store = Store(path)
    add_two_claim_sentences(store)
    with store.read() as con:
        found = con.execute(
            "SELECT supporter, recipient FROM fuse_claims GROUP BY ALL ORDER BY count(*) DESC"
        ).fetchall()
    return store, found


@pytest.mark.parametrize("size", [1, 2, 5])
def test_pages_in_sql_are_slices_of_the_whole_trail(pairs, size):
    store, found = pairs
    assert found
    with store.read() as con:
        for sup, rec in found:
            whole = relation_evidence(con, sup, rec)
            assert whole is not None
            rows = whole["sentences"]
            seen = []
            for offset in range(0, len(rows) + size, size):
                part = relation_evidence(con, sup, rec, limit=size, offset=offset)
                assert (part["total"], part["claims_total"]) == (len(rows), len(whole["claims"]))
                assert part["summary"] == whole["summary"]
                assert [r["id"] for r in part["relations"]] == [r["id"] for r in whole["relations"]]
                shown = {cid for row in part["sentences"] for cid in row["claims"]}
                assert {c["id"] for c in part["claims"]} == shown
                seen += part["sentences"]
                nxt = offset + size
                assert part["next_offset"] == (nxt if nxt < len(rows) else None)
            assert [{k: r[k] for k in KEYS} for r in seen] == [
                {k: r[k] for k in KEYS} for r in rows
            ], (sup, rec)


def test_a_pair_with_many_sentences_and_a_denial_is_covered(pairs):
    """The store these tests read has what paging must get right: a pair with several
    sentences, a sentence with several claims, and a denial linked to claims."""
    store, found = pairs
    with store.read() as con:
        trails = [relation_evidence(con, s, r) for s, r in found]
    rows = [row for t in trails for row in t["sentences"]]
    assert max(len(t["sentences"]) for t in trails) >= 3
    assert any(len(row["claims"]) > 1 for row in rows)
    assert any(row["denies"] for row in rows)
    assert any(row["reprints"] > 1 for row in rows) and any(row["seen"] is None for row in rows)
