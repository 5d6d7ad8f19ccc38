"""Scoring claims against gold, exactly as the contract says (spec: Scoring).

Per document, gold supports and predicted claims are reduced to sets of tuples
``(supporter, recipient, type, status)`` after alias resolution; precision, recall and F1
are micro-averaged over documents. A gold support marked ``optional`` is neither missed when
absent nor a false positive when present. Over matched tuples, the claimant score counts a
tuple right when any predicted claim with that tuple names one of the gold claimants
(``None`` = the outlet), and the certainty score likewise with the gold certainties. The
state-level variant rolls organisations up to their state (Wagner Group -> Russia) first.

``evaluate`` is pure: it takes the gold records and the predicted contract dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from backers.nlp.gazetteer import Gazetteer, gazetteer, normalise

Tuple4 = tuple[str, str, str, str]


@dataclass
class DocScore:
    doc: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[Tuple4] = field(default_factory=list)
    extras: list[Tuple4] = field(default_factory=list)
    claimant_wrong: list[dict] = field(default_factory=list)
    certainty_wrong: list[dict] = field(default_factory=list)


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class RuleScore:
    """What one rule or resolver contributed: the distinct (document, tuple)s of the claims
    it took part in that gold requires (tp) and that gold has nowhere (fp). Its recall is
    its tp over every required gold tuple: the share of the truth it helped to find."""

    rule: str
    tp: int = 0
    fp: int = 0

    def as_dict(self, gold_total: int) -> dict:
        return {
            "rule": self.rule,
            "tp": self.tp,
            "fp": self.fp,
            "precision": round(self.tp / (self.tp + self.fp), 4) if self.tp + self.fp else 0.0,
            "recall": round(self.tp / gold_total, 4) if gold_total else 0.0,
        }


# The coarser levels reported beside the tuple score: which part of a tuple goes wrong.
LEVELS = {
    "pair": (0, 1),
    "pair+type": (0, 1, 2),
    "pair+status": (0, 1, 3),
}


@dataclass
class EvalReport:
    """Tuple scores, the state-level variant, attribution accuracies and per-doc detail."""

    tuples: Scores
    state_level: Scores
    claimant_correct: int
    certainty_correct: int
    matched: int
    docs: list[DocScore]
    levels: dict[str, Scores] = field(default_factory=dict)
    rules: list[RuleScore] = field(default_factory=list)

    @property
    def claimant_accuracy(self) -> float:
        return self.claimant_correct / self.matched if self.matched else 0.0

    @property
    def certainty_accuracy(self) -> float:
        return self.certainty_correct / self.matched if self.matched else 0.0

    def as_dict(self, detail: bool = True) -> dict:
        """The report as JSON; ``detail=False`` leaves out every per-document list (misses,
        extras, wrong attributions): the figures alone, for sets kept for measuring."""
        gold_total = self.tuples.tp + self.tuples.fn
        out = {
            "tuples": self.tuples.as_dict(),
            "state_level": self.state_level.as_dict(),
            "levels": {name: score.as_dict() for name, score in self.levels.items()},
            "matched": self.matched,
            "claimant_accuracy": round(self.claimant_accuracy, 4),
            "certainty_accuracy": round(self.certainty_accuracy, 4),
            "rules": [r.as_dict(gold_total) for r in self.rules],
        }
        if detail:
            out["docs"] = [asdict(d) for d in self.docs]
        return out


def _name_key(gaz: Gazetteer, roll_up: bool) -> Callable[[str | None], str]:
    def key(name: str | None) -> str:
        if not name:
            return ""
        actor = gaz.canonical_actor(name)
        if roll_up:
            actor = gaz.state_of(actor)
        return normalise(actor)

    return key


def _claimant_key(gaz: Gazetteer, name: str | None) -> str:
    """Claimants compare by canonical name where the gazetteer knows it (people, bodies)."""
    if name is None:
        return ""
    found = gaz.lookup(name)
    if found is not None and found.kind in ("person", "source", "org"):
        return normalise(found.canonical)
    return normalise(name)


def _tuple(support: dict, key: Callable[[str | None], str]) -> Tuple4:
    return (
        key(support.get("supporter")),
        key(support.get("recipient")),
        str(support.get("type", "")).strip().lower(),
        str(support.get("status", "")).strip().lower(),
    )


def _score(
    gold: list[dict],
    predicted: dict[str, list[dict]],
    gaz: Gazetteer,
    roll_up: bool,
) -> tuple[Scores, int, int, int, list[DocScore]]:
    key = _name_key(gaz, roll_up)
    total = Scores()
    matched = claimant_ok = certainty_ok = 0
    docs: list[DocScore] = []
    for record in gold:
        doc = record["doc"]
        required: dict[Tuple4, list[dict]] = {}
        optional: dict[Tuple4, list[dict]] = {}
        for support in record.get("supports", []):
            bucket = optional if support.get("optional") else required
            bucket.setdefault(_tuple(support, key), []).append(support)
        optional = {t: s for t, s in optional.items() if t not in required}
        found: dict[Tuple4, list[dict]] = {}
        for claim in predicted.get(doc, []):
            found.setdefault(_tuple(claim, key), []).append(claim)
        score = DocScore(doc)
        for tup, claims in found.items():
            if tup in required:
                score.tp += 1
                matched += 1
                golds = required[tup]
                ok_claimants = {
                    _claimant_key(gaz, c) for g in golds for c in g.get("claimants", [])
                }
                ok_certainty = {c for g in golds for c in g.get("certainty", [])}
                if any(_claimant_key(gaz, c.get("claimant")) in ok_claimants for c in claims):
                    claimant_ok += 1
                else:
                    score.claimant_wrong.append(
                        {
                            "tuple": tup,
                            "got": sorted({str(c.get("claimant")) for c in claims}),
                            "gold": sorted(str(c) for g in golds for c in g.get("claimants", [])),
                        }
                    )
                if any(c.get("certainty") in ok_certainty for c in claims):
                    certainty_ok += 1
                else:
                    score.certainty_wrong.append(
                        {
                            "tuple": tup,
                            "got": sorted({str(c.get("certainty")) for c in claims}),
                            "gold": sorted(ok_certainty),
                        }
                    )
            elif tup not in optional:
                score.fp += 1
                score.extras.append(tup)
        for tup in required:
            if tup not in found:
                score.fn += 1
                score.misses.append(tup)
        total.tp += score.tp
        total.fp += score.fp
        total.fn += score.fn
        docs.append(score)
    return total, matched, claimant_ok, certainty_ok, docs


def _level(gold: list[dict], predicted: dict[str, list[dict]], gaz: Gazetteer, fields) -> Scores:
    """Micro P/R/F1 over tuples cut down to ``fields`` (positions in the 4-tuple): a
    projection of a required tuple is required, of an optional one optional."""
    key = _name_key(gaz, False)
    total = Scores()
    for record in gold:
        required: set[tuple] = set()
        optional: set[tuple] = set()
        for support in record.get("supports", []):
            cut = tuple(_tuple(support, key)[i] for i in fields)
            (optional if support.get("optional") else required).add(cut)
        optional -= required
        found = {tuple(_tuple(c, key)[i] for i in fields) for c in predicted.get(record["doc"], [])}
        total.tp += len(found & required)
        total.fp += len(found - required - optional)
        total.fn += len(required - found)
    return total


def _by_rule(gold: list[dict], predicted: dict[str, list[dict]], gaz: Gazetteer) -> list[RuleScore]:
    """Per rule or resolver: the distinct tuples of the claims it took part in, right
    (required by gold) or wrong (in no gold entry). Optional tuples count for neither."""
    key = _name_key(gaz, False)
    scores: dict[str, RuleScore] = {}
    for record in gold:
        required: set[Tuple4] = set()
        optional: set[Tuple4] = set()
        for support in record.get("supports", []):
            (optional if support.get("optional") else required).add(_tuple(support, key))
        seen: set[tuple[str, Tuple4]] = set()
        for claim in predicted.get(record["doc"], []):
            tup = _tuple(claim, key)
            for rule in claim.get("rules") or ["unnamed"]:
                if (rule, tup) in seen:
                    continue
                seen.add((rule, tup))
                score = scores.setdefault(rule, RuleScore(rule))
                if tup in required:
                    score.tp += 1
                elif tup not in optional:
                    score.fp += 1
    return sorted(scores.values(), key=lambda r: (-(r.tp + r.fp), r.rule))


def evaluate(
    gold: list[dict], predicted: dict[str, list[dict]], gaz: Gazetteer | None = None
) -> EvalReport:
    """Score ``predicted`` (doc id -> contract dicts) against ``gold`` records."""
    gaz = gaz or gazetteer()
    tuples, matched, claimant_ok, certainty_ok, docs = _score(gold, predicted, gaz, False)
    state_level = _score(gold, predicted, gaz, True)[0]
    levels = {name: _level(gold, predicted, gaz, fields) for name, fields in LEVELS.items()}
    return EvalReport(
        tuples,
        state_level,
        claimant_ok,
        certainty_ok,
        matched,
        docs,
        levels=levels,
        rules=_by_rule(gold, predicted, gaz),
    )
