"""The confidence formula, on the examples its docstring and docs/confidence.md give."""

from __future__ import annotations

import pytest

from backers.fuse.confidence import explain, is_fact_checker, score


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("stated", 1, 1, 0, 0), 0.4),
        (("confirmed", 4, 1, 0, 0), 0.938),
        (("confirmed", 4, 1, 0, 1), 0.833),
        (("confirmed", 4, 1, 0, 0, 1), 0.536),
        (("alleged", 1, 1, 1, 0), 0.1),
        ((None, 0, 0, 0, 1), 0.0),
        (("assessed", 2, 3, 0, 0), 0.562),
    ],
)
def test_score(args, expected):
    result = score(*args)
    assert result["score"] == expected
    assert result["ingredients"]["sources"] == args[1]
    assert "formula" in result["ingredients"]


def test_the_issue_ranking_is_no_longer_backwards():
    """Issue 11: Iran -> Russia (confirmed, 7 sources, 8 parties) scored 0.40 like a
    single-source stated relation, because two spurious denials divided it by 3."""
    iran = score("confirmed", 7, 8, 2, 0)["score"]
    single = score("stated", 1, 1, 0, 0)["score"]
    assert iran > 0.85 > single == 0.4


def test_explain_names_the_ingredients():
    text = explain(score("confirmed", 4, 1, 0, 1))
    assert text == "0.83 (confirmed; 4 sources, 1 party; denied by 1 interested)"
    typed = explain({**score("stated", 1, 1, 0, 0, 1), "type": "arms"})
    assert typed == "0.10 arms (stated; 1 source, 1 party; denied by 1 fact-check)"


def test_fact_checkers_by_outlet_name():
    assert is_fact_checker("Check Your Fact")
    assert is_fact_checker("PolitiFact")
    assert not is_fact_checker("Reuters")
    assert not is_fact_checker(None)
