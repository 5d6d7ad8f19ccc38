"""How sure a relation is, as a score that always travels with its ingredients.

The score answers "how well sourced is this relation in the articles we read", not "is it
true". The model, its reasons and its tested properties are in ``docs/confidence.md``::

    certainty     = best certainty weight among the supporting claims
                    (confirmed 1.0, stated 0.8, assessed 0.6, alleged 0.4)
    n             = rated sources + (claimant parties - 1)
                    rated sources: each independent source weighted by its outlet's
                    rating (3 reliable 1.0, 2 mixed 0.75, 1 unreliable 0.5,
                    0 deprecated 0.25, unrated 1.0)
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
    " n = rated sources + parties - 1 (each source weighted by its outlet's rating);"
    " against = 0.5 * interested_denials + 1 * denying_parties + 3 * fact_checks"
)
# The source ingredient: how much one independent source counts, by its outlet's rating
# (backers/data/sources.yaml: 3 generally reliable .. 0 deprecated). A rating only ever
# discounts: an outlet nobody rated counts fully, as before ratings existed, and a more
# reliable rating never weighs less (tests/sources/test_confidence_sources.py).
RELIABILITY_WEIGHT = {3: 1.0, 2: 0.75, 1: 0.5, 0: 0.25}
UNRATED_WEIGHT = 1.0


def source_weight(levels: list[int | None]) -> float:
    """The weight of one independent source whose text the outlets rated ``levels`` carry
    (a wire story and its reprints): its best rated outlet's, or full when none is rated."""
    rated = [RELIABILITY_WEIGHT[level] for level in levels if level is not None]
    return max(rated) if rated else UNRATED_WEIGHT


def source_weights(con: Any) -> dict[str, list[float]]:
    """The weight of each independent supporting source of every relation being fused:
    ``{relation_id: [weight, ...]}``, read from fusion's ``_fl`` table (claims of the
    scope with their relation, role, source and outlet) and the documents' URLs."""
    from backers.sources import rate

    rows = con.execute(
        "SELECT DISTINCT l.relation_id, l.source_key, l.outlet, d.url FROM _fl l"
        " LEFT JOIN documents d ON d.id = l.article_id WHERE l.role = 'for'"
    ).fetchall()
    levels: dict[tuple[str, str], list[int | None]] = {}
    cache: dict[tuple[Any, Any], int | None] = {}
    for rid, key, outlet, url in rows:
        if (outlet, url) not in cache:
            found = rate(outlet, url)
            cache[(outlet, url)] = found.reliability if found else None
        levels.setdefault((rid, key), []).append(cache[(outlet, url)])
    out: dict[str, list[float]] = {}
    for (rid, _key), found in levels.items():
        out.setdefault(rid, []).append(source_weight(found))
    return out


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
    weights: list[float] | None = None,
) -> dict[str, Any]:
    """The score and every ingredient that went into it (the dict callers show).

    ``weights`` (one per independent source, :func:`source_weight`) discount sources
    from outlets rated unreliable. ``denying_parties`` are independent parties that
    refute the relation (not the
    supporter, not the recipient, not a fact-checker's verdict), ``interested_denials``
    the supporter or recipient denying it, ``fact_checks`` fact-checkers rating it false.
    """
    weight = CERTAINTY_WEIGHT.get(best_certainty or "", 0.0)
    # ``weights``: one per independent source (source_weight); none given counts each 1.
    rated = sum(weights) if weights is not None and len(weights) == sources else sources
    n = rated + max(parties - 1, 0) if sources else 0
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
            "rated_sources": round(rated, 3),
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
    rated = ing.get("rated_sources", sources)
    parts = [
        f"{sources} source{'' if sources == 1 else 's'}"
        + (f" (rated {rated:g})" if rated != sources else ""),
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
