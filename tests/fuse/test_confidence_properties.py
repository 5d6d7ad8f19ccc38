"""The properties docs/confidence.md promises, checked with Hypothesis over every input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backers.fuse.confidence import CERTAINTY_WEIGHT, score

CERTAINTIES = list(CERTAINTY_WEIGHT)  # strongest first
counts = st.integers(min_value=0, max_value=60)
positive = st.integers(min_value=1, max_value=60)
certainty = st.sampled_from(CERTAINTIES)


def s(*args: int | str) -> float:
    return score(*args)["score"]


@given(certainty, positive, positive, counts, counts, counts, st.integers(1, 10))
def test_more_sources_never_lower_it(c, sources, parties, deny, interested, checks, more):
    before = s(c, sources, parties, deny, interested, checks)
    assert s(c, sources + more, parties, deny, interested, checks) >= before


@given(certainty, positive, positive, counts, counts, counts, st.integers(1, 10))
def test_more_parties_never_lower_it(c, sources, parties, deny, interested, checks, more):
    before = s(c, sources, parties, deny, interested, checks)
    assert s(c, sources, parties + more, deny, interested, checks) >= before


@given(st.integers(0, len(CERTAINTIES) - 2), positive, positive, counts, counts, counts)
def test_a_stronger_certainty_never_lowers_it(i, sources, parties, deny, interested, checks):
    weaker, stronger = CERTAINTIES[i + 1], CERTAINTIES[i]
    assert s(stronger, sources, parties, deny, interested, checks) >= s(
        weaker, sources, parties, deny, interested, checks
    )


@given(certainty, positive, positive, counts, counts, counts)
def test_denials_rank_interested_independent_factcheck(c, sources, parties, deny, inter, chk):
    base = s(c, sources, parties, deny, inter, chk)
    by_accused = s(c, sources, parties, deny, inter + 1, chk)
    by_other = s(c, sources, parties, deny + 1, inter, chk)
    by_checker = s(c, sources, parties, deny, inter, chk + 1)
    assert base >= by_accused >= by_other >= by_checker
    # strictly where three decimals can show it: few sources, no earlier denial
    if sources <= 3 and parties <= 3 and deny + inter + chk == 0:
        assert base > by_accused > by_other > by_checker


@given(st.sampled_from([*CERTAINTIES, None]), counts, counts, counts, counts, counts)
def test_bounded_and_zero_without_support(c, sources, parties, deny, interested, checks):
    value = s(c, sources, parties, deny, interested, checks)
    assert 0.0 <= value <= 1.0
    if sources == 0 or c is None:
        assert value == 0.0
