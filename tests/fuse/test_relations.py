"""Relations: denials, claimants, status history, items, dates."""

from __future__ import annotations

import pytest

from backers.query import fused as query

from .fuse_builders import add, article, claim, new_store, story, with_sentence


@pytest.fixture
def store(tmp_path):
    """A fresh store file in the test's own folder."""
    return new_store(tmp_path)


FOR = "Iran delivered Shahed-136 drones to Russia, John Kirby said."
AGAINST = "Iran's foreign ministry denied sending any drones to Russia."


def _one(store, **filters):
    with store.read() as con:
        rows, total = query.list_relations(con, **filters)
    return rows, total


def test_claim_and_its_denial_in_two_articles_show_both_sides(store):
    a = article("for", with_sentence(story(1), FOR), outlet="Wire")
    b = article("against", with_sentence(story(2), AGAINST), outlet="Agency")
    add(
        store,
        [
            (a, [claim(a, FOR, certainty="confirmed", items=["Shahed-136"])]),
            (b, [claim(b, AGAINST, certainty="denied", claimant=None,
                       claimant_affiliation="Iran")]),
        ],
    )  # fmt: skip
    rows, total = _one(store)
    assert total == 1
    rel = rows[0]
    assert [(c["name"], c["certainty"]) for c in rel["claimants_for"]] == [
        ("John Kirby", "confirmed")
    ]
    assert [(c["name"], c["affiliation"], c["certainty"]) for c in rel["claimants_against"]] == [
        ("Iran", "Iran", "denied")
    ]
    assert rel["denials"] == 1 and rel["claims"] == 1
    ing = rel["confidence"]["ingredients"]
    assert ing["interested_denials"] == 1 and ing["denying_parties"] == 0
    with store.read() as con:
        ev = query.relation_evidence(con, "iran", "RUSSIA")
    assert {c["role"] for c in ev["claims"]} == {"for", "against"}
    assert {c["sentence"] for c in ev["claims"]} == {FOR, AGAINST}


def test_unspecified_denial_contradicts_every_type_and_lone_denial_stands_alone(store):
    a = article("a", with_sentence(story(3), FOR))
    b = article("b", with_sentence(story(4), AGAINST))
    add(
        store,
        [
            (a, [claim(a, FOR, type="arms"), claim(a, FOR, type="training")]),
            (b, [claim(b, AGAINST, type="unspecified", certainty="denied",
                       claimant="Nasser Kanaani", claimant_affiliation="Iran"),
                 claim(b, AGAINST, supporter="China", type="arms", certainty="denied",
                       claimant=None, claimant_affiliation="China")]),
        ],
    )  # fmt: skip
    rows, _ = _one(store)
    by = {(r["supporter"], r["type"]): r for r in rows}
    assert by[("Iran", "arms")]["denials"] == 1
    assert by[("Iran", "training")]["denials"] == 1
    lone = by[("China", "arms")]
    assert lone["claims"] == 0 and lone["denials"] == 1
    assert lone["confidence"]["score"] == 0


def test_status_history_is_ordered_by_date_and_latest_status_is_kept(store):
    arts = [
        article(
            "r", with_sentence(story(5), "Russia asked Iran for drones."), published="2022-06-01"
        ),
        article("p", with_sentence(story(6), "Iran promised drones."), published="2022-08-01"),
        article("d", with_sentence(story(7), "Iran delivered drones."), published="2022-10-01"),
    ]
    add(
        store,
        [
            (arts[0], [claim(arts[0], "Russia asked Iran for drones.", status="requested")]),
            (arts[1], [claim(arts[1], "Iran promised drones.", status="pledged")]),
            (arts[2], [claim(arts[2], "Iran delivered drones.", status="delivered",
                             time="2022-09")]),
        ],
    )  # fmt: skip
    rel = _one(store)[0][0]
    assert [s["status"] for s in rel["statuses"]] == ["requested", "pledged", "delivered"]
    assert rel["status"] == "delivered"
    assert rel["first_seen"] == "2022-06-01"
    assert rel["last_seen"] == "2022-09"  # the claim's own time wins over publication


def test_items_are_normalised_to_catalogue_families(store):
    a = article("i", with_sentence(story(8), FOR))
    b = article("j", with_sentence(story(9), "Russia received Geran-2 drones."))
    add(
        store,
        [
            (a, [claim(a, FOR, items=["Shahed-136", "drones"])]),
            (b, [claim(b, "Russia received Geran-2 drones.", items=["Geran-2", "Drones"])]),
        ],
    )
    rel = _one(store)[0][0]
    assert rel["items"] == ["Shahed", "drones"]


def test_outlet_voice_reprinted_counts_one_party(store):
    text = with_sentence(story(11), FOR)
    a = article("o1", text, outlet="Wire")
    b = article("o2", text + " Extra line.", outlet="Paper")
    add(store, [(x, [claim(x, FOR, claimant=None, claimant_affiliation=None)]) for x in (a, b)])
    rel = _one(store)[0][0]
    assert rel["sources"] == 1
    assert len(rel["claimants_for"]) == 1
    assert rel["claimants_for"][0]["own_voice"] is True
    assert rel["confidence"]["ingredients"]["claimant_parties"] == 1


def test_one_outlet_speaking_in_its_own_voice_twice_is_one_party_with_two_sources(store):
    a = article("w1", with_sentence(story(12), FOR), outlet="The White House")
    b = article(
        "w2", with_sentence(story(13), "Iran gave Russia drones."), outlet="The White House"
    )
    add(
        store,
        [
            (a, [claim(a, FOR, claimant=None, claimant_affiliation=None)]),
            (b, [claim(b, "Iran gave Russia drones.", claimant=None, claimant_affiliation=None)]),
        ],
    )
    rel = _one(store)[0][0]
    assert rel["sources"] == 2
    assert [(c["name"], c["sources"]) for c in rel["claimants_for"]] == [("The White House", 2)]
    assert rel["confidence"]["ingredients"]["claimant_parties"] == 1


def test_a_government_body_in_its_own_voice_is_the_same_party_as_its_spokesman(store):
    """A White House transcript (own voice) and a paper quoting John Kirby (United States)
    are two sources but one party: the United States."""
    quoted = "Iran gave Russia drones, John Kirby said."
    a = article(
        "transcript", with_sentence(story(21), "Iran gave Russia drones."), outlet="The White House"
    )
    b = article("paper", with_sentence(story(22), quoted), outlet="Daily Paper")
    add(
        store,
        [
            (a, [claim(a, "Iran gave Russia drones.", claimant=None, claimant_affiliation=None)]),
            (b, [claim(b, quoted)]),
        ],
    )
    rel = _one(store)[0][0]
    assert rel["sources"] == 2
    assert rel["confidence"]["ingredients"]["claimant_parties"] == 1


def test_outlets_that_are_not_actors_stay_parties_of_their_own(store):
    one, two = "Iran gave Russia drones.", "Russia got drones from Iran in May."
    a = article("p1", with_sentence(story(23), one), outlet="Daily Paper")
    b = article("p2", with_sentence(story(24), two), outlet="Other Paper")
    add(
        store,
        [
            (a, [claim(a, one, claimant=None, claimant_affiliation=None)]),
            (b, [claim(b, two, claimant=None, claimant_affiliation=None)]),
        ],
    )
    rel = _one(store)[0][0]
    assert rel["confidence"]["ingredients"]["claimant_parties"] == 2
