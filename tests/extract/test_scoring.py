"""backers.eval.evaluate on hand-made gold and predictions."""

from __future__ import annotations

import json

import pytest

from backers.eval import evaluate


def support(s, r, t="arms", st="delivered", claimants=(None,), cert=("stated",), **kw):
    return {
        "supporter": s,
        "recipient": r,
        "type": t,
        "status": st,
        "claimants": list(claimants),
        "certainty": list(cert),
        **kw,
    }


def claim(s, r, t="arms", st="delivered", claimant=None, certainty="stated"):
    return {
        "supporter": s,
        "recipient": r,
        "type": t,
        "status": st,
        "claimant": claimant,
        "certainty": certainty,
    }


def test_alias_resolution_and_micro_scores():
    gold = [
        {
            "doc": "a",
            "supports": [support("Iran", "Russia"), support("Israel", "Ukraine", st="refused")],
        },
        {"doc": "b", "supports": [support("United States", "Ukraine")]},
    ]
    pred = {
        "a": [claim("Tehran", "the Kremlin"), claim("China", "Russia")],
        "b": [claim("U.S.", "Kyiv")],
    }
    report = evaluate(gold, pred)
    assert (report.tuples.tp, report.tuples.fp, report.tuples.fn) == (2, 1, 1)
    assert report.tuples.precision == pytest.approx(2 / 3)
    assert report.tuples.recall == pytest.approx(2 / 3)


def test_optional_is_neither_missed_nor_extra():
    gold = [
        {
            "doc": "a",
            "supports": [support("Iran", "Russia"), support("NATO", "Ukraine", optional=True)],
        }
    ]
    assert evaluate(gold, {"a": [claim("Iran", "Russia")]}).tuples.f1 == 1.0
    report = evaluate(gold, {"a": [claim("Iran", "Russia"), claim("NATO", "Ukraine")]})
    assert (report.tuples.tp, report.tuples.fp, report.tuples.fn) == (1, 0, 0)


def test_claimant_and_certainty_accuracy_any_of():
    gold = [
        {
            "doc": "a",
            "supports": [
                support(
                    "Iran",
                    "Russia",
                    claimants=["John Kirby", "White House"],
                    cert=["confirmed", "stated"],
                ),
                support("Israel", "Ukraine", st="refused", claimants=[None]),
            ],
        }
    ]
    pred = {
        "a": [
            claim("Iran", "Russia", claimant="Kirby", certainty="alleged"),
            claim("Israel", "Ukraine", st="refused", claimant="Joe Biden"),
        ]
    }
    report = evaluate(gold, pred)
    assert report.matched == 2
    assert report.claimant_accuracy == 0.5  # Kirby -> John Kirby; Biden is not the outlet
    assert report.certainty_accuracy == 0.5


def test_state_level_rolls_up_organisations():
    gold = [{"doc": "a", "supports": [support("North Korea", "Wagner Group")]}]
    pred = {"a": [claim("North Korea", "Russia")]}
    report = evaluate(gold, pred)
    assert report.tuples.tp == 0
    assert report.state_level.tp == 1


def test_documents_without_predictions_count_as_misses():
    gold = [{"doc": "a", "supports": [support("Iran", "Russia")]}]
    report = evaluate(gold, {})
    assert (report.tuples.tp, report.tuples.fn) == (0, 1)
    assert report.docs[0].misses == [("iran", "russia", "arms", "delivered")]


def test_levels_say_which_part_of_a_tuple_goes_wrong():
    gold = [{"doc": "a", "supports": [support("Iran", "Russia", t="arms", st="delivered")]}]
    wrong_type = {"a": [claim("Tehran", "Moscow", t="training")]}
    report = evaluate(gold, wrong_type)
    assert report.tuples.tp == 0
    assert report.levels["pair"].tp == 1 and report.levels["pair"].fp == 0
    assert report.levels["pair+status"].tp == 1
    assert report.levels["pair+type"].tp == 0 and report.levels["pair+type"].fp == 1


def test_levels_keep_optional_entries_neutral():
    gold = [
        {
            "doc": "a",
            "supports": [
                support("Iran", "Russia"),
                support("China", "Russia", t="dual_use", optional=True),
            ],
        }
    ]
    report = evaluate(gold, {"a": [claim("Iran", "Russia"), claim("China", "Russia", t="arms")]})
    pair = report.levels["pair"]
    assert (pair.tp, pair.fp, pair.fn) == (1, 0, 0)


def test_by_rule_counts_each_rule_and_resolver_once_per_tuple():
    gold = [{"doc": "a", "supports": [support("Iran", "Russia"), support("Iran", "Syria")]}]
    right = {**claim("Iran", "Russia"), "rules": ["verb.give", "controller"]}
    again = {**claim("Iran", "Russia"), "rules": ["verb.give"]}
    wrong = {**claim("Iran", "Yemen"), "rules": ["verb.give", "fill.topic"]}
    report = evaluate(gold, {"a": [right, again, wrong]})
    by_rule = {r.rule: r for r in report.rules}
    assert (by_rule["verb.give"].tp, by_rule["verb.give"].fp) == (1, 1)
    assert (by_rule["controller"].tp, by_rule["controller"].fp) == (1, 0)
    assert (by_rule["fill.topic"].tp, by_rule["fill.topic"].fp) == (0, 1)
    assert by_rule["verb.give"].as_dict(gold_total=2)["recall"] == 0.5


def test_summary_report_has_no_document_detail():
    gold = [{"doc": "a", "supports": [support("Iran", "Russia")]}]
    report = evaluate(gold, {"a": [claim("Iran", "Syria")]})
    assert "docs" in report.as_dict()
    summary = report.as_dict(detail=False)
    assert "docs" not in summary
    assert "syria" not in json.dumps(summary).lower()
