"""Pure functions: quotes, dates, line unwrapping, name normalisation. No model."""

from __future__ import annotations

import pytest

from backers.extract import unwrap
from backers.extract.attribution import quote_spans
from backers.extract.time import resolve_time
from backers.nlp.gazetteer import gazetteer, normalise


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("'We sent it,' he said.", ["We sent it,"]),
        ("“We sent it,” he said.", ["We sent it,"]),
        ('"We sent it," he said.', ["We sent it,"]),
        ("Russia's drones aren't Iran's, he said.", []),
        ("He called them 'killer' drones.", ["killer"]),
    ],
)
def test_quote_spans(text, quoted):
    assert [text[s:e] for s, e in quote_spans(text)] == quoted


@pytest.mark.parametrize(
    ("expr", "published", "expected"),
    [
        ("in November", "2023-01-05", "2022-11"),
        ("in January", "2023-03-05", "2023-01"),
        ("last year", "2023-01-05", "2022"),
        ("toward the end of last year", "2023-01-05", "2022-10/2022-12"),
        ("toward the end of last year", None, "toward the end of last year"),
        ("May 2024", None, "2024-05"),
        ("Wednesday", "2022-10-20", "2022-10-19"),
    ],
)
def test_resolve_time(expr, published, expected):
    assert resolve_time(expr, published) == expected


def test_relative_date_needs_precise_anchor():
    assert resolve_time("in November", "2023", "year") == "in November"


def test_unwrap_keeps_offsets_and_paragraphs():
    text = "I have decided\n    to provide aid.\nNext line.\n\nNew paragraph"
    joined = unwrap(text)
    assert len(joined) == len(text)
    assert "decided     to" in joined
    assert "aid.\nNext" in joined and "\n\nNew" in joined


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("the Kremlin", "Russia"),
        ("Tehran", "Iran"),
        ("Pyongyang", "North Korea"),
        ("the White House", "United States"),
        ("Downing Street", "United Kingdom"),
        ("Kiev", "Ukraine"),
        ("Iranian", "Iran"),
        ("North Korean", "North Korea"),
        ("Russian Federation", "Russia"),
        ("Wagner", "Wagner Group"),
        ("IRGC", "IRGC"),
        ("John Kirby", "United States"),
        ("Vladimir Putin", "Russia"),
        ("the West", None),
    ],
)
def test_gazetteer_resolves_actor(name, actor):
    assert gazetteer().actor(name) == actor


def test_state_roll_up():
    gaz = gazetteer()
    assert gaz.state_of("Wagner Group") == "Russia"
    assert gaz.state_of("NATO") == "NATO"
    assert gaz.state_of("Iran") == "Iran"


def test_weapon_aliases():
    gaz = gazetteer()
    assert gaz.lookup("Geran-2").canonical == "Shahed-136"
    assert gaz.weapon_info["Shahed-136"]["maker"] == "Iran"


def test_normalise():
    assert normalise("the U.S.") == normalise("US") == "us"
    assert normalise("Zelenskyy’s") == "zelenskyy"
