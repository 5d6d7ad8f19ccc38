"""Training on articles written for these tests: deterministic, and the hook applies a
model to the tokens the rules saw (model-backed)."""

from __future__ import annotations

import pytest

from backers.extract import extract_articles, learned
from backers.learn.data import collect_claims, label
from backers.learn.fit import PARAMS, dumps, fit
from tests.extract.conftest import make_article

pytestmark = pytest.mark.model

ARTICLES = {
    "a1": "Canada sent artillery shells to Estonia last week. "
    "Norway pledged to train Latvian soldiers next year.",
    "a2": "Germany delivered tanks to Poland in May.",
    "a3": "Japan gave $5 million in food aid to Haiti.",
    "a4": "Sweden will send instructors to Georgia to teach its officers.",
}
GOLD = [
    ("a1", "Canada", "Estonia", "arms", "delivered", "Canada sent artillery shells"),
    ("a1", "Norway", "Latvia", "training", "pledged", "Norway pledged to train"),
    ("a2", "Germany", "Poland", "arms", "delivered", "Germany delivered tanks"),
    ("a3", "Japan", "Haiti", "humanitarian", "delivered", "Japan gave $5 million"),
    ("a4", "Sweden", "Georgia", "training", "pledged", "Sweden will send instructors"),
]


@pytest.fixture(scope="module")
def nlp():
    from backers.nlp import load_pipeline

    return load_pipeline()


def _examples(nlp):
    articles = [make_article(text, doc_id=doc) for doc, text in ARTICLES.items()]
    claims = collect_claims(articles, nlp)
    records = {doc: {"doc": doc, "supports": []} for doc in ARTICLES}
    for doc, s, r, typ, status, quote in GOLD:
        records[doc]["supports"].append(
            {"supporter": s, "recipient": r, "type": typ, "status": status, "quote": quote}
        )
    return [ex for doc, rec in records.items() for ex in label(rec, claims[doc])]


def test_training_twice_gives_the_same_weights(nlp):
    first, second = dumps(fit(_examples(nlp), PARAMS)), dumps(fit(_examples(nlp), PARAMS))
    assert first == second
    model = learned.json.loads(first)
    assert {"arms", "training", "humanitarian"} <= set(model["heads"]["type"]["classes"])


SENTENCE = "Sweden will send instructors to Georgia to teach its officers."
# A model whose only evidence is the word "teach": the sentence says training.
TEACH = {
    "heads": {
        "type": {
            "classes": ["personnel", "training"],
            "intercept": [0.0, 0.0],
            "weights": {"w=teach": [0.0, 3.0]},
            "margin": 0.3,
        }
    }
}


@pytest.mark.parametrize(("setting", "expected"), [("1", "training"), ("0", "personnel")])
def test_the_hook_retypes_a_claim_only_when_switched_on(nlp, monkeypatch, setting, expected):
    monkeypatch.setattr(learned, "load_model", lambda: TEACH)
    monkeypatch.setenv("BACKERS_LEARNED", setting)
    [claim] = extract_articles([make_article(SENTENCE)], nlp)[0]
    assert (claim.supporter, claim.recipient, claim.type) == ("Sweden", "Georgia", expected)
    assert ("learned.type" in claim.rules) == (setting == "1")
