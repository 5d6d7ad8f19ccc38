"""An incremental update gives exactly what a full rebuild gives."""

from __future__ import annotations

import pytest

from backers import fuse

from .fuse_builders import add, article, claim, new_store, story, with_sentence


@pytest.fixture
def store(tmp_path):
    """A fresh store file in the test's own folder."""
    return new_store(tmp_path)


SENT = "Iran sent drones to Russia, Kirby said."


def _snapshot(con) -> dict[str, list]:
    tables = {
        "fuse_relations": "SELECT * EXCLUDE (statuses, claimants_for, claimants_against,"
        " ingredients), statuses::VARCHAR, claimants_for::VARCHAR, claimants_against::VARCHAR,"
        " ingredients::VARCHAR FROM fuse_relations ORDER BY id",
        "fuse_claims": "SELECT * FROM fuse_claims ORDER BY claim_id, relation_id",
        "fuse_sources": "SELECT * FROM fuse_sources ORDER BY article_id",
        "fuse_dup_pairs": "SELECT a, b FROM fuse_dup_pairs ORDER BY a, b",
    }
    return {name: con.execute(sql).fetchall() for name, sql in tables.items()}


def test_incremental_equals_full_rebuild(store):
    base = with_sentence(story(1), SENT)
    a = article("a", base, outlet="Wire", published="2023-01-01")
    b = article("b", with_sentence(story(2), "Belarus let Russia use its airfields."))
    add(
        store,
        [
            (a, [claim(a, SENT)]),
            (
                b,
                [
                    claim(
                        b,
                        "Belarus let Russia use its airfields.",
                        supporter="Belarus",
                        type="logistics",
                        claimant=None,
                        claimant_affiliation=None,
                    )
                ],
            ),
        ],
    )
    # A later reprint of a, with its claim of another pair: a's group changes.
    c = article("c", base.replace("river", "sea", 1) + " More.", outlet="Paper")
    add(store, [(c, [claim(c, SENT, supporter="North Korea", certainty="alleged")])])
    # A denial, then a re-extraction of b that drops its claim and finds another.
    d = article("d", with_sentence(story(3), "Iran denied it."))
    add(
        store,
        [
            (
                d,
                [
                    claim(
                        d,
                        "Iran denied it.",
                        certainty="denied",
                        claimant=None,
                        claimant_affiliation="Iran",
                    )
                ],
            )
        ],
    )
    store.write_batch([], {b.id: [claim(b, "Belarus let Russia use its airfields.",
                                        supporter="Belarus", type="training")]},
                      extractor="test-2")  # fmt: skip
    with store.write() as con:
        fuse.update(con, [b.id])
        incremental = _snapshot(con)
        stats = fuse.update(con, None)
        full = _snapshot(con)
    assert stats.documents_hashed == 0  # signatures were reused
    assert incremental == full
    types = {(r[1], r[3]) for r in full["fuse_relations"]}
    assert ("Belarus", "logistics") not in types and ("Belarus", "training") in types
    assert full["fuse_dup_pairs"] == [tuple(sorted([a.id, c.id]))]


def test_update_with_no_ids_is_a_no_op(store):
    a = article("a", story(5))
    add(store, [(a, [claim(a)])])
    with store.write() as con:
        stats = fuse.update(con, [])
    assert stats.pairs_recomputed == 0 and stats.relations == 1


def test_first_update_builds_claims_stored_before_fusion(store):
    old = article("old", story(6))
    add(store, [(old, [claim(old)])], update=False)
    new = article("new", story(7))
    add(store, [(new, [claim(new, supporter="Belarus")])])  # incremental call, new ids only
    with store.read() as con:
        supporters = {r[0] for r in con.execute("SELECT supporter FROM fuse_relations").fetchall()}
    assert supporters == {"Iran", "Belarus"}
