"""How firmly the claimant commits to a claim: confirmed, stated, assessed, alleged, denied.

Cues (cues.yaml) are read on the path from the event up through its governing clauses to
the reporting verb, nearest first ("We assess that X sent Y" -> assessed; "X, some of whom
are believed to ..." -> alleged). A negated event or a denying frame is denied. Everything
else is stated: a flat assertion by the claimant or the outlet.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from backers.extract.attribution import Frame
from backers.extract.lexicon import Lexicon

NEGATIONS = frozenset({"not", "n't", "never", "no"})
HEARSAY = frozenset({"report", "rumor", "rumour", "claim", "allegation", "speculation"})


def is_negated(token: Token) -> bool:
    """A "not"/"never" on the token ("not only" excluded)."""
    for child in token.children:
        if child.dep_ == "neg" and child.lower_ in NEGATIONS:
            nxt = child.nbor() if child.i + 1 < len(child.doc) else None
            if nxt is not None and nxt.lower_ in ("only", "just"):
                continue
            return True
    return False


def _passive_hedge(token: Token) -> bool:
    """ "is believed to", "are thought to", "said to", "reported to", "has been accused of":
    passive hedges."""
    hedges = ("believe", "think", "say", "report", "suspect", "allege", "understand")
    passive = any(c.dep_ == "auxpass" for c in token.children)
    if token.lemma_ == "accuse":
        return passive  # "X accused Y of ..." is X's statement
    if token.lemma_ not in hedges:
        return False
    return passive or token.tag_ == "VBN"


def _negation_scope(trigger: Token, governors: list[Token], lex: Lexicon) -> list[Token]:
    """The words whose negation denies the event: the trigger and the clauses governing it,
    except a halting verb ("calls on Congress to not delay the aid": not stopping it is no
    denial) and a coordinated clause with a subject of its own ("it has not been proven,
    but Iran is supplying drones": the negation is the other clause's)."""
    scope = [trigger]
    for gov in governors:
        if lex.governors.get(gov.lemma_) == "halted":
            continue
        if (
            gov == trigger.head
            and trigger.dep_ == "conj"
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)
        ):
            continue
        scope.append(gov)
    return scope


def certainty_of(
    trigger: Token, frame: Frame, lex: Lexicon, governors: list[Token], refusal: bool = False
) -> str:
    """The certainty of the event at ``trigger`` under ``frame``. For a ``refusal`` read
    from a negation ("will not send"), the negation is the act itself, not a denial."""
    chain: list[Token] = [trigger, *governors]
    # The clause path up to the reporting verb (or the root).
    tok = trigger
    while tok.head != tok:
        tok = tok.head
        chain.append(tok)
        if frame.cue is not None and tok == frame.cue:
            break
    if not refusal and any(is_negated(t) for t in _negation_scope(trigger, governors, lex)):
        return "denied"
    levels: list[str] = []
    in_relative = False
    for tok in chain:
        if in_relative and tok.pos_ in ("VERB", "AUX"):
            # "The RSF, which receives weapons from the UAE, denied the charge": a relative
            # clause is the writer's, not part of what the main verb denies or hedges
            break
        if tok.dep_ == "relcl" and tok in chain[: len(governors) + 1]:
            in_relative = True
        if _passive_hedge(tok):
            levels.append("alleged")
        for word in [*[c for c in tok.children if c.dep_ in ("advmod", "acomp")], tok]:
            level = lex.certainty_lemmas.get(word.lemma_.lower())
            if level is None or word.pos_ not in ("VERB", "ADV", "ADJ", "AUX"):
                continue
            if level == "denied" and word.lemma_ == "reject" and word in (*governors, trigger):
                continue  # "rejected the request" is a refusal, not a denial
            if level == "confirmed" and is_negated(word):
                continue  # "not definitively proven": no confirmation (a hedge may follow)
            levels.append(level)
        if frame.cue is not None and tok == frame.cue:
            break
    if frame.cue is not None and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in HEARSAY for c in frame.cue.children
    ):
        levels.insert(0, "alleged")  # "reports suggest", "rumours say"
    if "denied" in levels:
        return "denied"
    if levels:
        return levels[0]
    sent = trigger.sent.text.lower()
    for phrase, level in lex.certainty_phrases:
        if level in ("alleged", "denied") and " " in phrase and phrase in sent:
            if level == "denied" and not frame.in_quote and frame.speaker is None:
                return level
    return "stated"


def spread_by_debunked_source(trigger: Token, lex: Lexicon) -> bool:
    """Is the event reported as what a post, video or user claims? In a fact-check with a
    verdict, such claims are the ones debunked."""
    tok = trigger
    while tok.head != tok:
        tok = tok.head
        if tok.lemma_ in lex.reporting_verbs or tok.lemma_ in (
            "suggest",
            "show",
            "claim",
            "purport",
        ):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass", "compound") and (
                    child.lemma_.lower() in lex.spreaders or child.lower_ in lex.spreaders
                ):
                    return True
    return False


# An explicit rating ("Verdict: True", "Rating: Mostly false", "Our ruling: Misleading"):
# it decides the verdict's direction before any phrase does.
_RATING = re.compile(
    r"\b(?:verdict|rating|our ruling|ruling|conclusion)\s*[:\-–]\s*[*_\s]*"
    r"(mostly true|true|correct|accurate|mostly false|false|misleading|fake|fabricated|"
    r"partly false|altered|unproven|missing context|satire)\b",
    re.IGNORECASE,
)
TRUE_RATINGS = frozenset({"true", "mostly true", "correct", "accurate"})


def verdict_of(text: str, lex: Lexicon) -> str | None:
    """The direction of a fact-check's verdict: "true" (the checked claim holds: confirmed),
    "false" (it is refuted: denied), or None when the document passes no verdict. An
    explicit rating wins over the refuting phrases a fact-check uses either way ("FACT
    CHECK:", "no evidence")."""
    rating = _RATING.search(text)
    if rating:
        return "true" if rating.group(1).lower() in TRUE_RATINGS else "false"
    lowered = text.lower()
    return "false" if any(phrase in lowered for phrase in lex.verdicts) else None


def has_verdict(text: str, lex: Lexicon) -> bool:
    """Does the document refute what it checks ("This claim is false")?"""
    return verdict_of(text, lex) == "false"


REFUTING_LEMMAS = frozenset({"debunk", "refute", "disprove", "dispel"})


def refuted_above(trigger: Token) -> bool:
    """Is the event inside what a clause above refutes ("X debunked claims that Y reported
    Z sent arms")? The report below the refutation does not make the act stated."""
    tok = trigger
    while tok.head != tok:
        tok = tok.head
        if tok.lemma_.lower() in REFUTING_LEMMAS:
            return True
    return False
