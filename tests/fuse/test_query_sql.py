"""The query shortcuts give what the straightforward computations give.

``who_backs`` aggregates in DuckDB; the reference here is the Python grouping of every
relation dict it replaced. Relation filters compare stored spellings and read
``r.certainties``; the references are the lower-cased comparison and the EXISTS over the
supporting claims.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

import pytest

from backers.fuse.confidence import explain
from backers.query import fused as query
from backers.records import STATUSES, TYPES

from .fuse_builders import add, article, claim, new_store, story, with_sentence


def reference_who_backs(con, actor: str) -> list[dict[str, Any]]:
    """who_backs as it was: group every relation dict of the recipient by supporter."""
    name = query.resolve_actor(con, actor) or actor
    rels, _ = query.list_relations(con, recipient=name, limit=1_000_000)
    counts = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT supporter, count(DISTINCT source_key), count(DISTINCT article_id)"
            " FROM fuse_claims WHERE recipient = ? AND role = 'for' GROUP BY supporter",
            [name],
        ).fetchall()
    }
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rel in rels:
        grouped[rel["supporter"]].append(rel)
    result = []
    for supporter, group in grouped.items():
        if not any(
            r["claims"] > 0 and any(s["status"] != "refused" for s in r["statuses"]) for r in group
        ):
            continue
        claimed: dict[str, int] = defaultdict(int)
        denied: dict[str, int] = defaultdict(int)
        for rel in group:
            for c in rel["claimants_for"]:
                claimed[query._party_label(c)] += c["sources"]
            for c in rel["claimants_against"]:
                denied[query._party_label(c)] += c["sources"]
        best = max(group, key=lambda r: r["confidence"]["score"])
        sources, articles = counts.get(supporter, (0, 0))
        result.append(
            {
                "supporter": supporter,
                "recipient": name,
                "types": [r["type"] for r in group if r["claims"]],
                "items": sorted({i for r in group for i in r["items"]}),
                "statuses": sorted({s["status"] for r in group for s in r["statuses"]}),
                "claimed_by": sorted(claimed, key=lambda k: (-claimed[k], k)),
                "sources": sources,
                "articles": articles,
                "denied_by": sorted(denied, key=lambda k: (-denied[k], k)),
                "first_seen": min(
                    (r["first_seen"] for r in group if r["first_seen"]), default=None
                ),
                "last_seen": max((r["last_seen"] for r in group if r["last_seen"]), default=None),
                "confidence": {
                    **best["confidence"],
                    "type": best["type"],
                    "explained": explain({**best["confidence"], "type": best["type"]}),
                },
                "relations": group,
            }
        )
    result.sort(key=lambda g: (-g["sources"], -g["confidence"]["score"], g["supporter"]))
    return result


SUPPORTERS = ("Iran", "North Korea", "China", "Belarus", "United States")
RECIPIENTS = ("Russia", "RUSSIA", "Ukraine")  # two spellings of one actor, on purpose
CLAIMANTS = (
    ("John Kirby", "United States"),
    ("Reuters", None),
    (None, None),
    (None, "North Korea"),
    ("Oleksii Reznikov", "Ukraine"),
    ("Michael O’Hanlon", None),
    ("Ursula", "Ursula"),
)
OUTLETS = ("Wire", "Paper", "Daily", "Agency", "Économie")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A store of random claims: every type, status, certainty, claimant shape, denials,
    refusals, reprinted sentences, and a recipient stored under two spellings."""
    rng = random.Random(7)
    store = new_store(tmp_path_factory.mktemp("mixed"))
    pairs = []
    for i in range(60):
        sent = f"Sentence {i % 23} about support."
        art = article(
            f"m{i}",
            with_sentence(story(500 + i), sent),
            outlet=rng.choice(OUTLETS),
            published=f"202{rng.randint(1, 4)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        )
        claims = []
        for _ in range(rng.randint(1, 3)):
            name, aff = rng.choice(CLAIMANTS)
            claims.append(
                claim(
                    art,
                    sent,
                    supporter=rng.choice(SUPPORTERS),
                    recipient=rng.choice(RECIPIENTS),
                    type=rng.choice(TYPES),
                    status=rng.choice(STATUSES),
                    certainty=rng.choice(("confirmed", "stated", "alleged", "denied")),
                    claimant=name,
                    claimant_affiliation=aff,
                    items=rng.sample(["Shahed-136", "shells", "drones", "fuel"], rng.randint(0, 2)),
                    time=rng.choice([None, "2022", "2023-05", "2022-10/2023-01"]),
                )
            )
        pairs.append((art, claims))
    for start in range(0, len(pairs), 20):  # incremental updates, rows out of order
        add(store, pairs[start : start + 20])
    return store


@pytest.mark.parametrize("actor", ["Russia", "RUSSIA", "russia", "the Kremlin", "Ukraine", "Iran"])
def test_who_backs_equals_the_grouping_of_relation_dicts(mixed, actor):
    with mixed.read() as con:
        expected = reference_who_backs(con, actor)
        assert query.who_backs(con, actor, relations=True) == expected
        assert query.who_backs(con, actor) == [
            {k: v for k, v in row.items() if k != "relations"} for row in expected
        ]


def test_the_mixed_store_has_what_the_comparison_needs(mixed):
    with mixed.read() as con:
        rows = query.who_backs(con, "Russia", relations=True)
        assert {"Russia", "RUSSIA"} <= set(query.actors(con))
    assert any(r["denied_by"] for r in rows)
    assert any({x["recipient"] for x in r["relations"]} == {"Russia", "RUSSIA"} for r in rows)


def _lowered_ids(con, column: str, name: str) -> set[str]:
    rows = con.execute(
        f"SELECT id FROM fuse_relations WHERE lower({column}) = lower(?)", [name]
    ).fetchall()
    return {r[0] for r in rows}


@pytest.mark.parametrize("name", ["russia", "RUSSIA", "Pyongyang", "iran", "Atlantis"])
def test_actor_filters_match_what_lower_case_comparison_matched(mixed, name):
    with mixed.read() as con:
        stored = query.resolve_actor(con, name) or name
        for key, columns in {
            "supporter": ["supporter"],
            "recipient": ["recipient"],
            "actor": ["supporter", "recipient"],
        }.items():
            rows, total = query.list_relations(con, limit=10_000, **{key: name})
            expected = set().union(*(_lowered_ids(con, c, stored) for c in columns))
            assert {r["id"] for r in rows} == expected and total == len(expected)


@pytest.mark.parametrize(
    "certainty", [["confirmed"], ["alleged", "stated"], ["denied"], ["denied", "confirmed"]]
)
@pytest.mark.parametrize("min_sources", [None, 0, 2])
def test_certainty_alone_selects_what_the_claim_exists_selected(mixed, certainty, min_sources):
    """The fast path (the relation's certainty list and denial count) selects what the
    claims themselves say, denials included: --certainty denied finds every relation with
    a denial (issue 11: it found none)."""
    with mixed.read() as con:
        expected = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT l.relation_id FROM fuse_claims l JOIN claims c"
                " ON c.id = l.claim_id WHERE list_contains(?::VARCHAR[], c.certainty)"
                " GROUP BY l.relation_id HAVING count(DISTINCT l.source_key) >= ?",
                [certainty, min_sources or 0],
            ).fetchall()
        }
        rows, total = query.list_relations(
            con, certainty=certainty, min_sources=min_sources, limit=10_000
        )
    assert {r["id"] for r in rows} == expected and total == len(expected)


def test_a_new_actor_is_known_after_the_update_that_brings_it(tmp_path):
    store = new_store(tmp_path)
    a = article("g1", with_sentence(story(801), "First."))
    add(store, [(a, [claim(a, "First.")])])
    with store.read() as con:
        assert query.actors(con) == ["Iran", "Russia"]
    b = article("g2", with_sentence(story(802), "Second."))
    add(store, [(b, [claim(b, "Second.", supporter="Belarus")])])
    with store.read() as con:
        assert query.actors(con) == ["Belarus", "Iran", "Russia"]
        assert query.resolve_actor(con, "belarus") == "Belarus"


def test_a_full_rebuild_writes_relations_in_listing_order(mixed):
    from backers import fuse

    with mixed.write() as con:
        fuse.update(con, None)
    with mixed.read() as con:
        stored = [r[0] for r in con.execute("SELECT id FROM fuse_relations").fetchall()]
        listed = [r["id"] for r in query.list_relations(con, limit=10_000)[0]]
    assert stored == listed


def _stored_and_listed(store) -> tuple[list[str], list[str]]:
    with store.read() as con:
        stored = [r[0] for r in con.execute("SELECT id FROM fuse_relations").fetchall()]
        listed = [r["id"] for r in query.list_relations(con, limit=10_000)[0]]
    return stored, listed


def test_incremental_updates_rewrite_the_order_once_enough_is_out_of_it(tmp_path, monkeypatch):
    from backers.fuse import relations

    store = new_store(tmp_path)
    arts = [article(f"o{i}", with_sentence(story(900 + i), f"Order {i}.")) for i in range(6)]
    batch = [
        (a, [claim(a, f"Order {i}.", supporter=SUPPORTERS[i % 5], type=TYPES[i])])
        for i, a in enumerate(arts)
    ]
    add(store, batch[:3])  # the first update is a full build
    monkeypatch.setattr(relations, "REORDER_MIN", 10**9)
    add(store, batch[3:4])
    with store.read() as con:
        unordered = con.execute(
            "SELECT value FROM fuse_state WHERE key = 'unordered_relations'"
        ).fetchone()[0]
    assert unordered == "1"
    monkeypatch.setattr(relations, "REORDER_MIN", 0)
    add(store, batch[4:])
    stored, listed = _stored_and_listed(store)
    assert stored == listed and len(listed) == 6
