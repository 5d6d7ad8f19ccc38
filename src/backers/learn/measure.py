"""Measuring the model the way the issue asks: 5-fold cross-validation grouped by
document (rules alone against rules + model, at the tuple, pair+type and pair+status
levels) and a learning curve (the same cross-validation on a growing share of the training
documents). Every fold's model goes through the same JSON and the same ``decide`` as the
hook, so what is measured is what ships.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from backers.eval import Scores, evaluate
from backers.extract.learned import RULE_ID, decide
from backers.learn.data import Example
from backers.learn.fit import fit

LEVELS = ("tuples", "pair+type", "pair+status")


def folds(docs: Sequence[str], k: int = 5) -> list[list[str]]:
    """``k`` groups of documents, fixed by a hash of each doc id (no random state)."""
    ranked = sorted(docs, key=lambda d: hashlib.sha256(d.encode()).hexdigest())
    return [ranked[i::k] for i in range(k)]


def apply(model: dict | None, examples: Sequence[Example]) -> dict[str, list[dict]]:
    """doc id -> contract dicts, each claim changed as the model decides (None: rules)."""
    out: dict[str, list[dict]] = {}
    for ex in examples:
        claim = dict(ex.claim)
        if model is not None:
            for field, value in decide(model, claim["type"], claim["status"], ex.feats).items():
                claim[field] = value
                claim["rules"] = [*claim.get("rules", []), RULE_ID[field]]
        out.setdefault(ex.doc, []).append(claim)
    return out


def _add(total: dict[str, Scores], report) -> None:
    for name in LEVELS:
        got = report.tuples if name == "tuples" else report.levels[name]
        total[name].tp += got.tp
        total[name].fp += got.fp
        total[name].fn += got.fn


def cross_validate(
    gold: dict[str, dict],
    examples: Sequence[Example],
    cv_docs: Sequence[str],
    params: dict,
    always: Sequence[str] = (),
    share: float = 1.0,
    k: int = 5,
) -> dict:
    """Micro scores summed over the ``k`` held-out folds of ``cv_docs``, for the rules
    alone and for rules + model. Each fold's model is fitted on the other folds' documents
    (the first ``share`` of them, in hash order) plus the ``always`` documents."""
    by_doc: dict[str, list[Example]] = {}
    for ex in examples:
        by_doc.setdefault(ex.doc, []).append(ex)
    totals = {name: {level: Scores() for level in LEVELS} for name in ("rules", "model")}
    changes = {"right": 0, "wrong": 0, "unknown": 0}
    groups = folds(cv_docs, k)
    for i, held in enumerate(groups):
        rest = [d for j, g in enumerate(groups) if j != i for d in g]
        rest = sorted(rest, key=lambda d: hashlib.sha256(d.encode()).hexdigest())
        rest = rest[: round(len(rest) * share)]
        training = [ex for d in [*rest, *always] for ex in by_doc.get(d, [])]
        model = fit(training, params)
        test = [ex for d in held for ex in by_doc.get(d, [])]
        records = [gold[d] for d in held]
        _add(totals["rules"], evaluate(records, apply(None, test)))
        predicted = apply(model, test)
        _add(totals["model"], evaluate(records, predicted))
        _count_changes(test, predicted, changes)
    return {**totals, "changes": changes}


def _count_changes(test: Sequence[Example], predicted: dict[str, list[dict]], out: dict) -> None:
    """How many fields the model changed, right (gold's label), wrong, or unknown (the
    claim has no label for that field)."""
    index: dict[str, int] = {}
    for ex in test:
        n = index.get(ex.doc, 0)
        index[ex.doc] = n + 1
        new = predicted[ex.doc][n]
        for field, lab in (("type", ex.type_label), ("status", ex.status_label)):
            if new[field] == ex.claim[field]:
                continue
            out["unknown" if lab is None else "right" if lab == new[field] else "wrong"] += 1


def table(totals: dict) -> dict:
    """The scores as plain numbers (P, R, F1 per system and level; the model's changes)."""
    return {"changes": dict(totals["changes"])} | {
        name: {
            level: {
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
                "f1": round(s.f1, 3),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }
            for level, s in levels.items()
        }
        for name, levels in totals.items()
        if name != "changes"
    }
