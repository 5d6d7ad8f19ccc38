"""The normaliser on the forms the issue names, and on the hard cases it met in the
corpus: quantulum3 reads the figures; abbreviations, codes, vague words and qualifiers are
ours."""

from __future__ import annotations

import pytest

from backers.amounts import normalise


def one(text: str, **context: object) -> dict:
    found = normalise(text, **context)
    assert found, text
    return found[0].as_dict()


@pytest.mark.parametrize(
    ("text", "value", "currency", "unit", "precision"),
    [
        ("$1.7 billion", 1.7e9, "USD", "money", "exact"),
        ("EUR 500m", 5e8, "EUR", "money", "exact"),
        ("€300 million", 3e8, "EUR", "money", "exact"),
        ("£6 million", 6e6, "GBP", "money", "exact"),
        ("$344m", 3.44e8, "USD", "money", "exact"),
        ("USD 2bn", 2e9, "USD", "money", "exact"),
        ("5 million hryvnias", 5e6, "UAH", "money", "exact"),
        ("more than $1 billion", 1e9, "USD", "money", "lower_bound"),
        ("roughly $412 million", 4.12e8, "USD", "money", "approximate"),
        ("18 F-16s", 18, None, "items", "exact"),
        ("two battalions", 2, None, "formations", "exact"),
        ("4,000 rounds", 4000, None, "rounds", "exact"),
        ("up to 30,000 troops", 30000, None, "personnel", "upper_bound"),
        ("109 Bradley infantry fighting vehicles", 109, None, "items", "exact"),
        ("an additional 18 pilots", 18, None, "personnel", "exact"),
    ],
)
def test_figures(text: str, value: float, currency: str | None, unit: str, precision: str) -> None:
    a = one(text)
    assert a["value"] == pytest.approx(value)
    assert (a["currency"], a["unit"], a["precision"]) == (currency, unit, precision)
    assert a["written"] == text


def test_bn_without_currency_is_a_count_not_money() -> None:
    a = one("1.7bn")
    assert a["value"] == pytest.approx(1.7e9)
    assert a["currency"] is None and a["unit"] == "count"


def test_vague_amounts_are_ranges_never_a_made_up_figure() -> None:
    a = one("dozens", items=["Shahed-136"])
    assert (a["low"], a["high"], a["precision"]) == (24, 99, "vague")
    assert (a["unit"], a["noun"]) == ("items", "Shahed-136")
    b = one("hundreds of")
    assert (b["low"], b["high"]) == (200, 999)
    assert one("a lot of")["value"] is None


def test_a_range_keeps_both_ends_and_carries_the_scale() -> None:
    a = one("between 4.2 and 5.8 million rounds")
    assert (a["low"], a["high"], a["unit"], a["precision"]) == (4.2e6, 5.8e6, "rounds", "range")


def test_a_bare_figure_counts_the_claims_items_or_follows_its_type() -> None:
    assert one("18", items=["F-16"])["noun"] == "F-16"
    assert one("about 60", type_="personnel")["unit"] == "personnel"


def test_a_currency_written_just_outside_the_quantity_is_read_from_the_sentence() -> None:
    assert one("1.7 billion", sentence="Berlin gave 1.7 billion euros in aid.")["currency"] == "EUR"
    assert one("500 million", sentence="a package of EUR 500 million")["currency"] == "EUR"


def test_parts_and_a_restatement_in_another_currency() -> None:
    found = normalise("90 billion euros ($106bn)")
    assert [(a.currency, a.value, a.role) for a in found] == [
        ("EUR", 9e10, "amount"),
        ("USD", 1.06e11, "conversion"),
    ]
    parts = normalise("8,000 Javelin; 1,600 Stingers; more than one million rounds")
    assert [(a.value, a.unit) for a in parts] == [(8000, "items"), (1600, "items"), (1e6, "rounds")]
    listed = normalise("hundreds of thousands of artillery rounds, thousands of rockets")
    assert [(a.low, a.unit) for a in listed] == [(200_000, "rounds"), (2000, "items")]


def test_nothing_to_read() -> None:
    assert normalise(None) == [] and normalise("  ") == []
