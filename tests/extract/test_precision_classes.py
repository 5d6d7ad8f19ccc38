"""Error classes found on unscored corpus articles: each case a sentence written for this
test. Fact-checked falsehoods, conditionals, recipients guessed from outside the clause,
heading labels and reported talk about support must not become stated support claims."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

# An article "about" Chile (its topic actor), so a missing recipient could be guessed.
ABOUT_CHILE = "Chile faces a long war. Chile has asked for help. Chile's army is short of shells. "


def tuples(claims):
    return {(c.supporter, c.recipient, c.type, c.status) for c in claims}


@pytest.mark.parametrize(
    "text",
    [
        # a second coordinated clause with no recipient of its own
        ABOUT_CHILE + "Peru said it would deliver 20 tanks to Chile, and Bolivia's president "
        "also promised more rifles as the fighting moved on.",
        # "it" after an actor named in the same sentence is not the last sentence's topic
        ABOUT_CHILE + "The amount of ammunition delivered to the Wagner Group has not changed "
        "the war, but it will keep receiving Peruvian rockets.",
    ],
)
def test_no_recipient_guessed_from_outside_the_clause(extract, text):
    got = tuples(extract(text))
    assert not any(
        r == "Chile" and s in ("Bolivia", "Peru") and st == "delivered" for s, r, _, st in got
    ), got
    assert ("Bolivia", "Chile", "arms", "pledged") not in got


def test_topic_still_fills_a_lone_delivery(extract):
    text = ABOUT_CHILE + "Peru announced it would deliver 20 tanks, though it did not say when."
    assert ("Peru", "Chile", "arms", "pledged") in tuples(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Should Brazil intervene, Argentina will send troops to Uruguay.",
        "Were Brazil to intervene, Argentina would send troops to Uruguay.",
        "Unless the talks succeed, Japan will supply Taiwan with missiles.",
        "If Peru attacks again, Chile will send troops to Bolivia.",
        # a precondition under "would have to"
        "First, Peru would have to approve the transfer of tanks to Chile.",
    ],
)
def test_conditionals_are_not_claims(extract, text):
    assert tuples(extract(text)) == set()


def test_an_unconditional_pledge_is_kept(extract):
    got = tuples(extract("Argentina will send troops to Uruguay, the minister said."))
    assert ("Argentina", "Uruguay", "personnel", "pledged") in got


@pytest.mark.parametrize(
    "text",
    [
        # a report nested under a refutation
        "The fact-checkers debunked claims that Reuters reported Poland was sending rifles "
        "to Hezbollah.",
        # a quoted post in a fact-check, with no named speaker
        "Fact check: \u201cA famous actor thanked Poland for helping Hezbollah.\u201d "
        "This claim is false.",
        # a quote whose sentence names a post's message as the source
        "Fact check: \u201cA famous actor thanked Poland for helping Hezbollah. What a shame,"
        "\u201d the message reads. There is no evidence for this.",
    ],
)
def test_fact_checked_claims_are_denied(extract, text):
    claims = [c for c in extract(text) if (c.supporter, c.recipient) == ("Poland", "Hezbollah")]
    assert claims, "the refuted act is still recorded, as denied"
    assert {c.certainty for c in claims} == {"denied"}
    assert {c.claimant for c in claims} == {None}


def test_a_plain_report_stays_stated(extract):
    claims = extract("Poland sent rifles to Hezbollah, Reuters reported.")
    assert {(c.certainty, c.claimant) for c in claims} == {("stated", "Reuters")}


@pytest.mark.parametrize(
    "text",
    [
        "The fund was launched by the Peruvian president to fund weapons for Bolivia's army.",
        "The charity was set up in 2022 to supply Bolivia with medical kits and helmets.",
    ],
)
def test_a_body_s_purpose_is_not_a_claim(extract, text):
    assert not [c for c in extract(text) if c.status == "delivered"]


@pytest.mark.parametrize(
    "text",
    [
        # a person named for their stance on support is not support
        "The former premier of Italy announced a fierce critic of sending aid to Moldova "
        "as his deputy.",
        "An analyst said it was plausible the shift in tone was a reaction to the events "
        "unfolding in Italy, where the former premier on Monday announced a staunch critic of "
        "sending support to Moldova, a senator, as his running mate.",
        "The senator is an outspoken opponent of sending weapons to Moldova.",
    ],
)
def test_stances_on_support_are_not_claims(extract, text):
    assert tuples(extract(text)) == set()


def test_an_announced_package_is_still_a_pledge(extract):
    got = tuples(extract("Italy announced a new package of support for Moldova."))
    assert ("Italy", "Moldova", "unspecified", "pledged") in got


@pytest.mark.parametrize(
    "text",
    [
        # a heading label before a list dash is not the agent of the item
        "Brazil is rich. Brazil has a navy. Brazil trades. Moldova: - Provides urgently "
        "needed military aid to help the people of Moldova defend themselves.",
        "Moldova - funded programmes in Transnistria.",
    ],
)
def test_heading_labels_are_not_agents(extract, text):
    assert not [c for c in extract(text) if c.supporter == "Moldova"]


def test_a_hyphenated_backer_still_counts(extract):
    got = tuples(extract("The Iran-backed Houthis fired missiles."))
    assert ("Iran", "Houthis", "unspecified", "delivered") in got


@pytest.mark.parametrize(
    ("text", "carried"),
    [
        # the last claim's recipient carries over only when nobody else is named
        ("Peru sent tanks to Chile last week. Peru also provided funding.", True),
        (
            "Peru sent tanks to Chile last week. Peru also provided funding, while Bolivia "
            "watched.",
            False,
        ),
        (
            "Peru sent tanks to Chile last week. Peru also provided funding, a minister from "
            "Bolivia said.",
            False,
        ),
    ],
)
def test_recipient_carried_from_the_last_claim_only_when_unambiguous(extract, text, carried):
    got = tuples(extract(text))
    assert (("Peru", "Chile", "funding", "delivered") in got) is carried


@pytest.mark.parametrize(
    "text",
    [
        "A recent poll showed that most Peruvians support sending weapons to Chile.",
        "Most voters in Peru favour sending more tanks to Chile.",
    ],
)
def test_opinions_of_an_act_are_not_claims(extract, text):
    assert tuples(extract(text)) == set()


def test_supporting_with_weapons_is_still_support(extract):
    assert ("Peru", "Chile", "arms", "delivered") in tuples(
        extract("Peru supports Chile with weapons.")
    )


@pytest.mark.parametrize(
    "text",
    [
        "A viral video claims that Peru supplied Chile with rifles.",
        "Several users claimed that Peru had supplied Chile with rifles.",
    ],
)
def test_what_a_post_claims_is_alleged_without_a_verdict(extract, text):
    claims = [c for c in extract(text) if (c.supporter, c.recipient) == ("Peru", "Chile")]
    assert claims and {c.certainty for c in claims} == {"alleged"}
