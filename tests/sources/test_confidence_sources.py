"""The source ingredient of the confidence: a claim from a more reliable source never
lowers it (Hypothesis over every input), and fusion applies it to real relations."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from backers.fuse.confidence import CERTAINTY_WEIGHT, RELIABILITY_WEIGHT, score, source_weight
from backers.query.fused import list_relations
from backers.store import Store

levels = st.lists(st.sampled_from([None, 0, 1, 2, 3]), min_size=1, max_size=4)
counts = st.integers(min_value=0, max_value=20)


@given(
    st.sampled_from(list(CERTAINTY_WEIGHT)),
    st.lists(levels, min_size=1, max_size=8),
    st.data(),
    st.integers(1, 6),
    counts,
    counts,
    counts,
)
def test_a_more_reliable_source_never_lowers_the_confidence(
    certainty, sources, data, parties, deny, interested, checks
):
    i = data.draw(st.integers(0, len(sources) - 1))
    j = data.draw(st.integers(0, len(sources[i]) - 1))
    current = sources[i][j]
    better = data.draw(
        st.sampled_from([lv for lv in (0, 1, 2, 3) if current is None or lv >= current])
    )
    raised = [list(s) for s in sources]
    raised[i][j] = better if current is not None else current
    before = score(certainty, len(sources), parties, deny, interested, checks,
                   weights=[source_weight(s) for s in sources])["score"]  # fmt: skip
    after = score(certainty, len(sources), parties, deny, interested, checks,
                  weights=[source_weight(s) for s in raised])["score"]  # fmt: skip
    assert after >= before


def test_the_weights_are_ordered_and_unrated_counts_fully() -> None:
    assert [RELIABILITY_WEIGHT[lv] for lv in (0, 1, 2, 3)] == sorted(RELIABILITY_WEIGHT.values())
    assert source_weight([None]) == 1.0
    assert source_weight([0, 3]) == 1.0  # a wire story also carried by a deprecated site
    assert score("stated", 1, 1, 0, 0, weights=[1.0])["score"] == 0.4  # as documented


def test_fusion_weighs_each_source_by_its_outlet(rated_store: Path) -> None:
    with Store(rated_store).read() as con:
        rels, _ = list_relations(con, recipient="Ruritania")
    by = {r["supporter"]: r["confidence"] for r in rels}
    assert by["Atlantis"]["score"] > by["Borduria"]["score"]  # Reuters over RT
    assert by["Atlantis"]["score"] == by["Dystopia"]["score"]  # unrated: counted as before
    assert by["Borduria"]["ingredients"]["rated_sources"] == 0.25
    assert by["Carpania"]["score"] == by["Borduria"]["score"]  # both deprecated
