"""The confidence formula, on the examples its docstring gives."""

from __future__ import annotations

import pytest

from backers.fuse.confidence import score


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("stated", 1, 1, 0, 0), 0.4),
        (("confirmed", 4, 1, 0, 0), 0.938),
        (("confirmed", 4, 1, 0, 1), 0.625),
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


def test_explain_names_the_ingredients():
    from backers.fuse.confidence import explain

    text = explain(score("confirmed", 4, 1, 0, 1))
    assert text == "0.62 (confirmed; 4 sources, 1 party; denied by 1 interested)"
