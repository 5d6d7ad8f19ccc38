"""How sure a relation is, as a score that always travels with its ingredients.

The score answers "how well sourced is this relation in the articles we read", not "is it
true". The model, its reasons and its tested properties are in ``docs/confidence.md``::

    certainty     = best certainty weight among the supporting claims
                    (confirmed 1.0, stated 0.8, assessed 0.6, alleged 0.4)
    n             = independent sources + (claimant parties - 1)
    corroboration = 1 - 0.5 ** n        each independent text, and each further party
                                        that asserts it, halves the remaining doubt
    against       = 0.5 * interested denials      (the supporter or recipient denies it)
                  + 1.0 * independent refutations (another party says it is not so)
                  + 3.0 * fact-check verdicts     (a fact-checker rates it false)
    contest       = n / (n + against)   denials weigh against the support, never alone
    score         = round(certainty * corroboration * contest, 3)

So one stated claim in one article scores 0.8 * 0.5 = 0.40; a confirmed claim in four
independent texts 1.0 * 0.94 = 0.94; the same with the supporter denying it
0.94 * 4 / 4.5 = 0.83; with a fact-checker rating it false 0.94 * 4 / 7 = 0.54. A relation
with only denials scores 0. Parties and denying parties are counted once each, however
many articles repeat them.
"""

from __future__ import annotations

from typing import Any

CERTAINTY_WEIGHT = {"confirmed": 1.0, "stated": 0.8, "assessed": 0.6, "alleged": 0.4}
# How much one denying party weighs against the support, by who denies.
INTERESTED_DENIAL = 0.5
INDEPENDENT_REFUTATION = 1.0
FACT_CHECK_VERDICT = 3.0
FORMULA = (
    "certainty * (1 - 0.5 ** n) * n / (n + against);"
    " n = sources + parties - 1;"
    " against = 0.5 * interested_denials + 1 * denying_parties + 3 * fact_checks"
)
# Outlets whose own-voice denial is a fact-check verdict (matched lower-cased, as a part
# of the outlet's name). Extraction marks no verdict on a claim yet, so the outlet decides.
FACT_CHECKERS = (
    "check your fact",
    "politifact",
    "snopes",
    "factcheck.org",
    "full fact",
    "lead stories",
    "logically",
    "bbc verify",
    "fact check",
    "factcheck",
    "fact-check",
)


def is_fact_checker(outlet: str | None) -> bool:
    """Whether an outlet is a fact-checker, so its own-voice denial is a verdict."""
    low = (outlet or "").lower()
    return bool(low) and any(name in low for name in FACT_CHECKERS)


def score(
    best_certainty: str | None,
    sources: int,
    parties: int,
    denying_parties: int,
    interested_denials: int,
    fact_checks: int = 0,
) -> dict[str, Any]:
    """The score and every ingredient that went into it (the dict callers show).

    ``denying_parties`` are independent parties that refute the relation (not the
    supporter, not the recipient, not a fact-checker's verdict), ``interested_denials``
    the supporter or recipient denying it, ``fact_checks`` fact-checkers rating it false.
    """
    weight = CERTAINTY_WEIGHT.get(best_certainty or "", 0.0)
    n = sources + max(parties - 1, 0) if sources else 0
    corroboration = 1 - 0.5**n
    against = (
        INTERESTED_DENIAL * interested_denials
        + INDEPENDENT_REFUTATION * denying_parties
        + FACT_CHECK_VERDICT * fact_checks
    )
    contest = n / (n + against) if n else 0.0
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
            "fact_checks": fact_checks,
            "against": against,
            "contest": round(contest, 3),
            "formula": FORMULA,
        },
    }


def explain(confidence: dict[str, Any]) -> str:
    """The score with its ingredients in a few words, for tables:
    ``0.83 arms (confirmed; 4 sources, 1 party; denied by 1 interested)``."""
    ing = confidence.get("ingredients") or {}
    sources, parties = ing.get("sources", 0), ing.get("claimant_parties", 0)
    parts = [
        f"{sources} source{'' if sources == 1 else 's'}",
        f"{parties} part{'y' if parties == 1 else 'ies'}",
    ]
    denials = []
    if ing.get("fact_checks"):
        denials.append(f"{ing['fact_checks']} fact-check")
    if ing.get("denying_parties"):
        denials.append(f"{ing['denying_parties']} independent")
    if ing.get("interested_denials"):
        denials.append(f"{ing['interested_denials']} interested")
    of = f" {confidence['type']}" if confidence.get("type") else ""
    text = f"{confidence.get('score', 0):.2f}{of} ({ing.get('best_certainty') or 'no claim'}; "
    text += ", ".join(parts)
    if denials:
        text += "; denied by " + " + ".join(denials)
    return text + ")"
