"""who_backs, filters and actor resolution."""

from __future__ import annotations

import pytest

from backers.query import fused as query

from .fuse_builders import add, article, claim, new_store, story, with_sentence


@pytest.fixture
def store(tmp_path):
    """A fresh store file in the test's own folder."""
    return new_store(tmp_path)


@pytest.fixture
def filled(store):
    rows = [
        ("k1", "Wire", "2022-10-20", dict(supporter="Iran", type="arms", certainty="confirmed",
                                          items=["Shahed-136"])),
        ("k2", "Paper", "2022-11-02", dict(supporter="Iran", type="training", certainty="alleged",
                                           claimant="Reuters", claimant_affiliation=None)),
        ("k3", "Daily", "2023-03-01", dict(supporter="North Korea", type="arms",
                                           status="pledged", claimant="Yoon Suk Yeol",
                                           claimant_affiliation="South Korea")),
        ("k4", "Agency", "2023-03-05", dict(supporter="North Korea", type="arms",
                                            certainty="denied", claimant=None,
                                            claimant_affiliation="North Korea")),
        ("k5", "Wire", "2023-05-01", dict(supporter="United States", recipient="Ukraine",
                                          type="funding", claimant="Joe Biden")),
    ]  # fmt: skip
    pairs = []
    for i, (doc, outlet, date, fields) in enumerate(rows):
        sent = f"Sentence {doc} about support."
        a = article(doc, with_sentence(story(100 + i), sent), outlet=outlet, published=date)
        pairs.append((a, [claim(a, sent, **fields)]))
    add(store, pairs)
    return store


def test_who_backs_groups_by_supporter(filled):
    with filled.read() as con:
        rows = query.who_backs(con, "russia")
    assert [r["supporter"] for r in rows] == ["Iran", "North Korea"]
    iran = rows[0]
    assert sorted(iran["types"]) == ["arms", "training"]
    assert iran["sources"] == 2
    assert iran["items"] == ["Shahed"]
    assert set(iran["claimed_by"]) == {"United States (John Kirby)", "Reuters"}
    nk = rows[1]
    assert nk["denied_by"] == ["North Korea"]
    assert nk["claimed_by"] == ["South Korea (Yoon Suk Yeol)"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"Iran/arms", "Iran/training", "North Korea/arms", "United States/funding"}),
        ({"recipient": "the Kremlin"}, {"Iran/arms", "Iran/training", "North Korea/arms"}),
        ({"actor": "UKRAINE"}, {"United States/funding"}),
        ({"supporter": "iran", "type": "arms"}, {"Iran/arms"}),
        ({"status": "pledged"}, {"North Korea/arms"}),
        ({"certainty": ["confirmed", "alleged"]}, {"Iran/arms", "Iran/training"}),
        ({"claimant": "reuters"}, {"Iran/training"}),
        ({"claimant": "South Korea"}, {"North Korea/arms"}),
        ({"outlet": "wire"}, {"Iran/arms", "United States/funding"}),
        ({"date_from": "2023"}, {"North Korea/arms", "United States/funding"}),
        ({"date_to": "2022-10"}, {"Iran/arms"}),
        ({"date_from": "2022-11", "date_to": "2023-03-01"}, {"Iran/training", "North Korea/arms"}),
        ({"min_sources": 2}, set()),
        ({"supporter": "Iran' OR 1=1 --"}, set()),
    ],
)
def test_filters(filled, filters, expected):
    with filled.read() as con:
        rows, total = query.list_relations(con, **filters)
    assert {f"{r['supporter']}/{r['type']}" for r in rows} == expected
    assert total == len(expected)


def test_paging_reports_the_total(filled):
    with filled.read() as con:
        rows, total = query.list_relations(con, limit=2, offset=1)
    assert len(rows) == 2 and total == 4


def test_resolve_actor_and_suggestions(filled):
    with filled.read() as con:
        assert query.resolve_actor(con, "russia") == "Russia"
        assert query.resolve_actor(con, "Pyongyang") == "North Korea"
        assert query.resolve_actor(con, "russians") == "Russia"
        assert query.resolve_actor(con, "Atlantis") is None
        assert "Russia" in query.suggest_actors(con, "Rusia")


def test_graph_has_one_edge_per_pair_with_confidence_ingredients(filled):
    with filled.read() as con:
        g = query.graph(con, recipient="Russia")
    assert {(e["source"], e["target"]) for e in g["edges"]} == {
        ("Iran", "Russia"),
        ("North Korea", "Russia"),
    }
    iran = next(e for e in g["edges"] if e["source"] == "Iran")
    assert iran["types"] == ["arms", "training"] and iran["sources"] == 2
    assert "ingredients" in iran["confidence"]
    assert {n["id"]: n["kind"] for n in g["nodes"]}["Iran"] == "state"


def test_claim_filters_hold_together_and_min_sources_counts_matching_claims(store):
    arts = [
        article("j1", with_sentence(story(201), "Claim one."), published="2022-05-01"),
        article("j2", with_sentence(story(202), "Claim two."), published="2023-05-01"),
        article("j3", with_sentence(story(203), "Claim three."), published="2023-06-01"),
    ]
    add(
        store,
        [
            (arts[0], [claim(arts[0], "Claim one.", certainty="confirmed")]),
            (arts[1], [claim(arts[1], "Claim two.", certainty="alleged")]),
            (arts[2], [claim(arts[2], "Claim three.", certainty="alleged")]),
        ],
    )
    with store.read() as con:
        assert query.list_relations(con, certainty=["confirmed"], date_from="2023")[1] == 0
        assert query.list_relations(con, certainty=["alleged"], date_from="2023")[1] == 1
        assert query.list_relations(con, certainty=["alleged"], min_sources=2)[1] == 1
        assert query.list_relations(con, certainty=["confirmed"], min_sources=2)[1] == 0
        assert query.list_relations(con, min_sources=3)[1] == 1
        edge = query.graph(con, certainty=["alleged"])["edges"][0]
    assert edge["sources"] == 2


def test_who_backs_leaves_out_supporters_only_denied_or_refused(store):
    a = article("n1", with_sentence(story(301), "Nobody sends."))
    add(
        store,
        [
            (a, [claim(a, "Nobody sends.", supporter="China", certainty="denied"),
                 claim(a, "Nobody sends.", supporter="India", status="refused"),
                 claim(a, "Nobody sends.", supporter="Iran")]),
        ],
    )  # fmt: skip
    with store.read() as con:
        assert [r["supporter"] for r in query.who_backs(con, "Russia")] == ["Iran"]
        assert query.list_relations(con)[1] == 3
