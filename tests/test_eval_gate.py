"""Extraction quality gate (after trafilatura's eval_gate): run the extractor over the gold
documents (seeds, dev, train and check) and fail when a score drops below the floor pinned in
``eval_baseline.json``. The check set is for measuring only: the gate reads its figures,
never its documents' misses or extras.

Floors only go down on purpose: set ``BACKERS_ALLOW_REGRESSION=1`` to let a lower score
pass (and then lower the floor in the same commit, saying why). When a score beats its floor
by more than the baseline's ``margin``, the test warns you to raise the floor.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.shared, pytest.mark.slow]

BASELINE = Path(__file__).with_name("eval_baseline.json")
METRICS = ("f1", "state_f1", "claimant_accuracy", "certainty_accuracy")
SETS = ("seeds", "dev", "train", "check")


def _scores(report) -> dict[str, float]:
    return {
        "f1": report.tuples.f1,
        "state_f1": report.state_level.f1,
        "claimant_accuracy": report.claimant_accuracy,
        "certainty_accuracy": report.certainty_accuracy,
    }


@pytest.fixture(scope="module")
def reports(request):
    from backers.eval import evaluate
    from backers.eval.run import find_articles, predict, read_gold
    from backers.nlp import load_pipeline

    shared = request.getfixturevalue("shared")
    sets = {name: read_gold([shared("eval", f"{name}.gold.jsonl")]) for name in SETS}
    wanted = {r["doc"] for records in sets.values() for r in records}
    corpus = [
        shared("seeds"),
        shared("corpus", "news.jsonl"),
        shared("corpus", "allsides-annotated.jsonl"),
    ]
    articles = find_articles(corpus, wanted)
    assert wanted <= set(articles), f"gold docs without text: {sorted(wanted - set(articles))}"
    predicted = predict(list(articles.values()), load_pipeline())
    return {name: evaluate(records, predicted) for name, records in sets.items()}


@pytest.mark.parametrize("name", SETS)
def test_scores_hold_their_floors(reports, name):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    floors, margin = baseline[name], baseline.get("margin", 0.03)
    scores = _scores(reports[name])
    below = {m: (round(scores[m], 4), floors[m]) for m in METRICS if scores[m] < floors[m]}
    if below and os.environ.get("BACKERS_ALLOW_REGRESSION") != "1":
        pytest.fail(
            f"{name}: below the floor in {BASELINE.name} (score, floor): {below}. Fix the "
            "regression, or set BACKERS_ALLOW_REGRESSION=1 and lower the floor with a reason."
        )
    above = {m: round(scores[m], 4) for m in METRICS if scores[m] > floors[m] + margin}
    if above:
        warnings.warn(
            f"{name}: scores beat their floors by more than {margin}: {above}; "
            f"raise the floors in {BASELINE.name}",
            stacklevel=1,
        )


def test_seeds_find_every_required_tuple(reports):
    """The two seed articles: nothing required is missed."""
    misses = {d.doc: d.misses for d in reports["seeds"].docs if d.misses}
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    allowed = baseline["seeds"].get("allowed_misses", 0)
    assert sum(len(m) for m in misses.values()) <= allowed, misses
