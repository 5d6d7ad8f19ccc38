"""Independent sources: reprints count once, different texts count apart."""

from __future__ import annotations

import pytest

from backers.fuse import dedup
from backers.query import fused as query

from .fuse_builders import add, article, claim, new_store, story, with_sentence


@pytest.fixture
def store(tmp_path):
    """A fresh store file in the test's own folder."""
    return new_store(tmp_path)


SENT = "Iran has shipped hundreds of drones to Russia, John Kirby said."


def test_identical_shingles_are_similar_and_unrelated_are_not():
    a, b = story(1), story(2)
    assert dedup.jaccard(dedup.shingles(a), dedup.shingles(a)) == 1.0
    assert dedup.jaccard(dedup.shingles(a), dedup.shingles(b)) < 0.1


def test_signature_estimates_jaccard():
    a = story(3)
    b = a.replace("officials", "diplomats", 2)
    exact = dedup.jaccard(dedup.shingles(a), dedup.shingles(b))
    sa, sb = dedup.signature(a), dedup.signature(b)
    assert abs(sa.jaccard(sb) - exact) < 0.15
    assert dedup.estimate(dedup.from_bytes(dedup.to_bytes(sa)), sb.hashvalues) == sa.jaccard(sb)


def test_components_label_by_smallest_id_whatever_the_order():
    pairs = [("c", "b"), ("b", "a"), ("x", "y")]
    assert dedup.components([], pairs) == dedup.components([], list(reversed(pairs)))
    assert dedup.components([], pairs)["c"] == "a"


def test_same_article_three_times_with_edits_and_urls_is_one_source(store):
    base = with_sentence(story(10), SENT)
    copies = [
        article("wire-1", base, outlet="Wire", url="https://wire.example/a"),
        article("paper-1", "Updated headline\n" + base.replace("river", "lake", 1),
                outlet="Paper", url="https://paper.example/world/a?utm=1"),
        article("blog-1", base.rsplit(".", 3)[0] + ".", outlet="Blog",
                url="https://blog.example/2023/01/a"),
    ]  # fmt: skip
    add(store, [(a, [claim(a, SENT)]) for a in copies])
    with store.read() as con:
        rows, total = query.list_relations(con)
    assert total == 1
    rel = rows[0]
    assert rel["articles"] == 3
    assert rel["sources"] == 1
    assert len(rel["claimants_for"]) == 1
    kirby = rel["claimants_for"][0]
    assert (kirby["name"], kirby["affiliation"], kirby["sources"]) == (
        "John Kirby",
        "United States",
        1,
    )
    assert kirby["outlets"] == ["Blog", "Paper", "Wire"]


def test_different_articles_quoting_the_same_claimant_are_separate_sources(store):
    arts = [
        article(f"d{i}", with_sentence(story(20 + i), f"Kirby said Iran sent drones, version {i}."))
        for i in range(3)
    ]
    add(store, [(a, [claim(a, f"Kirby said Iran sent drones, version {i}.")])
                for i, a in enumerate(arts)])  # fmt: skip
    with store.read() as con:
        rel = query.list_relations(con)[0][0]
    assert rel["sources"] == 3
    assert len(rel["claimants_for"]) == 1  # one claimant, reported three times
    assert rel["claimants_for"][0]["sources"] == 3
    assert rel["confidence"]["ingredients"]["claimant_parties"] == 1


def test_same_wire_sentence_in_two_different_articles_counts_once(store):
    a = article("roundup", with_sentence(story(30), SENT), outlet="Roundup")
    b = article("brief", with_sentence(story(31, words=60), SENT), outlet="Brief")
    add(store, [(a, [claim(a, SENT)]), (b, [claim(b, SENT)])])
    with store.read() as con:
        rel = query.list_relations(con)[0][0]
        pairs = con.execute("SELECT count(*) FROM fuse_dup_pairs").fetchone()[0]
    assert pairs == 0  # the articles as wholes are different texts
    assert rel["articles"] == 2 and rel["sources"] == 1


def test_signatures_are_stored_and_not_recomputed(store):
    a = article("s1", story(40))
    add(store, [(a, [claim(a)])])
    from backers import fuse

    with store.write() as con:
        again = fuse.update(con, [a.id])
        stored = con.execute("SELECT count(*) FROM fuse_signatures").fetchone()[0]
    assert again.documents_hashed == 0
    assert stored == 1
