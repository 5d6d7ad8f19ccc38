"""Training examples: the rules' claims on gold documents, each labelled from the gold.

A claim is labelled from the gold supports of its document that have its pair
(supporter, recipient, compared after alias resolution as the scorer does) and whose quote
is its sentence: their type and status are what the claim should have said. Gold keeps one
quote per tuple, so a claim in another sentence is labelled only when its whole tuple is in
the gold (then it is right as it is), or when exactly one of the pair's required gold
tuples is found by no claim of the document and the claim's own tuple is not in the gold
(then the sentence most likely says that one); otherwise it teaches nothing, and is left
out rather than taken for a negative. Claims whose pair the gold does not have are left
out too: the model re-types, it does not filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backers.eval import _name_key, _tuple
from backers.extract.contract import claim_to_contract
from backers.nlp.gazetteer import gazetteer
from backers.records import Article

_SPACE = re.compile(r"\s+")
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
# How much of a quote's start or end must appear in a claim's sentence to align them.
_EDGE = 40


@dataclass
class Example:
    """One claim the rules emitted, its features, and what gold says it should be."""

    doc: str
    claim: dict
    feats: list[str]
    type_label: str | None = None
    status_label: str | None = None
    why: str = ""
    extra: dict = field(default_factory=dict)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip().lower()


def same_sentence(quote: str, sentence: str) -> bool:
    """Whether a gold quote is (in) the claim's sentence: one holds the other, or the
    quote's first or last words are in the sentence (a quote cut across two sentences)."""
    q, s = _norm(quote), _norm(sentence)
    if not q or not s:
        return False
    return q in s or s in q or q[:_EDGE] in s or q[-_EDGE:] in s


def collect_claims(articles: list[Article], nlp) -> dict[str, list[tuple[dict, list[str]]]]:
    """doc id -> (contract dict, features) of every claim the rules emit, extracted the way
    ``backers eval`` extracts (prefilter included), the model not applied."""
    from backers.batch.extraction import extract_claims
    from backers.extract.learned import collecting

    with collecting() as recorded:
        results = extract_claims(articles, nlp, batch_size=16)
    feats = {id(claim): f for claim, f in recorded}
    return {
        article.doc_id: [(claim_to_contract(c), feats[id(c)]) for c in claims]
        for article, claims in zip(articles, results, strict=True)
    }


def label(record: dict, claims: list[tuple[dict, list[str]]]) -> list[Example]:
    """The examples of one gold document (labels None where gold says nothing sure)."""
    key = _name_key(gazetteer(), False)
    supports = record.get("supports", [])
    gold_tuples = {_tuple(s, key) for s in supports}
    required = {_tuple(s, key) for s in supports if not s.get("optional")}
    out = []
    for claim, feats in claims:
        ex = Example(record["doc"], claim, feats)
        out.append(ex)
        tup = _tuple(claim, key)
        aligned = [
            s
            for s in supports
            if _tuple(s, key)[:2] == tup[:2]
            and same_sentence(s.get("quote") or "", claim["sentence"])
        ]
        if not aligned:
            if tup in gold_tuples:
                ex.type_label, ex.status_label, ex.why = tup[2], tup[3], "tuple elsewhere"
                continue
            # a tuple gold does not have, for a pair it has: when exactly one of the pair's
            # gold tuples is found by no claim of the document, this sentence most likely
            # says that one (gold quoted another sentence for it)
            found = {_tuple(c, key) for c, _ in claims}
            left = sorted(
                t for t in gold_tuples if t[:2] == tup[:2] and t not in found and t in required
            )
            if len(left) == 1:
                ex.type_label, ex.status_label, ex.why = left[0][2], left[0][3], "pair elsewhere"
            continue
        types = {_tuple(s, key)[2] for s in aligned}
        if tup[2] in types:
            ex.type_label = tup[2]
        else:
            # several gold types for the pair here: the one no sibling claim already has
            siblings = {
                _tuple(c, key)[2]
                for c, _ in claims
                if _tuple(c, key)[:2] == tup[:2] and c["start"] == claim["start"]
            }
            left = sorted(types - siblings) or sorted(types)
            ex.type_label = left[0] if len(left) == 1 else None
        wanted = ex.type_label or tup[2]
        statuses = {_tuple(s, key)[3] for s in aligned if _tuple(s, key)[2] == wanted} or {
            _tuple(s, key)[3] for s in aligned
        }
        if tup[3] in statuses:
            ex.status_label = tup[3]
        elif len(statuses) == 1:
            ex.status_label = next(iter(statuses))
        ex.why = "quote"
    return out
