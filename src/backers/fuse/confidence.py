"""How sure a relation is, as a score that always travels with its ingredients.

The score answers "how well sourced is this relation in the articles we read", not "is it
true". It is the product of three plain factors::

    certainty     = best certainty weight among the supporting claims
                    (confirmed 1.0, stated 0.8, assessed 0.6, alleged 0.4)
    corroboration = 1 - 0.5 ** n,  n = independent sources + (claimant parties - 1)
                    each independent text, and each further party that asserts it,
                    halves the remaining doubt
    contest       = 1 / (1 + d),   d = independent denying parties
                                       + 0.5 * denying parties that are the supporter
                                         or the recipient themselves
    score         = round(certainty * corroboration * contest, 3)

So one stated claim in one article scores 0.8 * 0.5 = 0.40; a confirmed claim in four
independent texts 1.0 * 0.94 = 0.94; the same with the supporter denying it 0.94 / 1.5 =
0.63. A relation with only denials scores 0. Parties are the state or body a claimant
speaks for (ten outlets quoting John Kirby are one party, the United States); an
unattributed claim in the outlet's own voice is one party per independent text. A denial
by an interested party (Iran denying it arms Russia) weighs half an independent one: it is
expected either way.
"""

from __future__ import annotations

from typing import Any

CERTAINTY_WEIGHT = {"confirmed": 1.0, "stated": 0.8, "assessed": 0.6, "alleged": 0.4}
INTERESTED_DENIAL = 0.5
FORMULA = (
    "certainty * (1 - 0.5 ** (sources + parties - 1)) "
    "/ (1 + denying_parties + 0.5 * interested_denials)"
)


def score(
    best_certainty: str | None,
    sources: int,
    parties: int,
    denying_parties: int,
    interested_denials: int,
) -> dict[str, Any]:
    """The score and every ingredient that went into it (the dict callers show)."""
    weight = CERTAINTY_WEIGHT.get(best_certainty or "", 0.0)
    n = sources + max(parties - 1, 0) if sources else 0
    corroboration = 1 - 0.5**n
    contest = 1 / (1 + denying_parties + INTERESTED_DENIAL * interested_denials)
    return {
        "score": round(weight * corroboration * contest, 3),
        "ingredients": {
            "best_certainty": best_certainty,
            "certainty_weight": weight,
            "sources": sources,
            "claimant_parties": parties,
            "corroboration": round(corroboration, 3),
            "denying_parties": denying_parties,
            "interested_denials": interested_denials,
            "contest": round(contest, 3),
            "formula": FORMULA,
        },
    }


def explain(confidence: dict[str, Any]) -> str:
    """The score with its ingredients in a few words, for tables:
    ``0.63 (confirmed; 4 sources, 1 party; denied by 1 interested)``."""
    ing = confidence.get("ingredients") or {}
    sources, parties = ing.get("sources", 0), ing.get("claimant_parties", 0)
    parts = [
        f"{sources} source{'' if sources == 1 else 's'}",
        f"{parties} part{'y' if parties == 1 else 'ies'}",
    ]
    denials = []
    if ing.get("denying_parties"):
        denials.append(f"{ing['denying_parties']} independent")
    if ing.get("interested_denials"):
        denials.append(f"{ing['interested_denials']} interested")
    text = f"{confidence.get('score', 0):.2f} ({ing.get('best_certainty') or 'no claim'}; "
    text += ", ".join(parts)
    if denials:
        text += "; denied by " + " + ".join(denials)
    return text + ")"
