"""The learned part of extraction: re-typing and re-statusing the rules' claims.

The rules find most pairs right but often give a pair the wrong kind of support or the
wrong status (issue 10: of the required tuples missed on dev+train, 58 had the pair with
another type, 34 with another status). A linear model over what the rules saw can correct
those, if it generalises: so its features describe the sentence (the cue, the rule that
fired, the items and their catalogue category, modality, quotes, the dependency labels
around the cue), never who the actors are, and it only ever changes a claim the rules made.

Cheap by design: features come from the tokens the rules already parsed (no second parse),
and the weights are a small JSON file of feature -> coefficients (no pickle, nothing
executed on load), pinned by its SHA-256 so a silently edited file is refused.
``BACKERS_LEARNED`` switches it on or off; ``backers.learn`` trains it (``make train``).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from backers import settings
from backers.errors import BackersError

if TYPE_CHECKING:
    from spacy.tokens import Token

    from backers.extract.events import Event
    from backers.records import Claim

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "retype.json"
# The SHA-256 of the committed model file: `make train` prints it; a mismatch is an error.
MODEL_SHA256 = "30fbb1f8f74a7a2882301b1b3d509911b871271b3169123e6a67d5e467d7ee2e"
RULE_ID = {"type": "learned.type", "status": "learned.status"}

# Words of modality and tense kept as features as they are (closed classes, not names).
_MODAL_DEPS = ("aux", "auxpass", "neg", "advmod", "mark", "prt")
# Entity labels whose words are names: never a feature (the model must not learn who backs
# whom, only how sentences say it).
_NAME_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "FAC", "LOC"})

# Collecting (``collecting()``): the features of each claim the rules emit, for training.
_collected: list[tuple[Claim, list[str]]] | None = None


def enabled() -> bool:
    """The LEARNED setting: on or off (1/0, on/off, true/false, yes/no)."""
    return settings.as_bool(settings.LEARNED)


@contextmanager
def collecting() -> Iterator[list[tuple[Claim, list[str]]]]:
    """While open, every claim the rules emit is recorded with its features (and the model
    is not applied), so training sees exactly what the hook would see."""
    global _collected
    previous, _collected = _collected, []
    try:
        yield _collected
    finally:
        _collected = previous


def _is_name(tok: Token) -> bool:
    """A name, or a figure: words that would let the model memorise one article (who, how
    much) rather than learn how support is said."""
    return tok.pos_ in ("PROPN", "NUM") or tok.like_num or tok.ent_type_ in _NAME_ENTS


def _word(tok: Token) -> str:
    return tok.lemma_.lower()


def _path_up(tok: Token, stop: Token, limit: int = 4) -> list[str]:
    """Dependency labels from ``tok`` up towards ``stop`` (at most ``limit`` steps)."""
    labels = []
    while tok.i != stop.i and tok.head.i != tok.i and len(labels) < limit:
        labels.append(tok.dep_)
        tok = tok.head
    return labels


def features(claim: Claim, event: Event, in_quote: bool, item_categories: dict) -> list[str]:
    """What the model reads of one claim: strings, each a binary feature. No actor name or
    id ever appears (proper nouns and named entities are left out of every word feature)."""
    trigger = event.trigger
    sent = trigger.sent
    cue = "<name>" if _is_name(trigger) else _word(trigger)
    out = [
        f"rule={event.rule or 'unnamed'}",
        f"frame={event.frame}",
        f"cue={cue}",
        f"cue_tag={trigger.tag_}",
        f"cue_dep={trigger.dep_}",
        f"prop_type={claim.type}",
        f"prop_status={claim.status}",
        f"certainty={claim.certainty}",
        f"types={min(len(event.types), 3)}",
        f"quote={in_quote}",
        f"claimant={claim.claimant is not None}",
        f"cue*type={cue}*{claim.type}",
        f"frame*status={event.frame}*{claim.status}",
    ]
    out.extend(f"res={r}" for r in claim.rules[1:])
    for child in trigger.children:
        if child.dep_ in _MODAL_DEPS and not _is_name(child):
            out.append(f"mod={child.dep_}:{_word(child)}")
    for gov in event.governors:
        if not _is_name(gov):
            out.append(f"gov={_word(gov)}")
        out.extend(
            f"gov_mod={_word(c)}"
            for c in gov.children
            if c.dep_ in ("aux", "neg", "advmod") and not _is_name(c)
        )
    if trigger.head.i != trigger.i and not _is_name(trigger.head):
        out.append(f"head={_word(trigger.head)}")
    for item in event.items:
        if not _is_name(item):
            out.append(f"item={_word(item)}")
        out.append(f"item_path={'/'.join(_path_up(item, trigger))}")
        for child in item.children:
            if child.dep_ in ("amod", "compound", "nmod") and not _is_name(child):
                out.append(f"item_mod={_word(child)}")
        category = item_categories.get(item.text.lower()) or item_categories.get(_word(item))
        if category:
            out.append(f"item_cat={category}")
    if not event.items:
        out.append("items=none")
    for role in event.role_tokens:
        out.append(f"role_path={'/'.join(_path_up(role, trigger))}")
    for tok in sent:
        if tok.pos_ in ("NOUN", "VERB", "ADJ") and not _is_name(tok) and tok.i != trigger.i:
            out.append(f"w={_word(tok)}")
    return sorted(set(out))


@lru_cache(maxsize=1)
def _item_categories() -> dict[str, str]:
    """Weapon alias (lower case) -> its catalogue category, from the gazetteer."""
    from backers.nlp.gazetteer import gazetteer

    gaz = gazetteer()
    out: dict[str, str] = {}
    for canonical, entry in gaz.weapon_info.items():
        category = str(entry.get("category", "")).replace(" ", "_")
        for alias in [canonical, *entry.get("aliases", [])]:
            out[str(alias).lower()] = category
    return out


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH, sha256: str | None = MODEL_SHA256) -> dict:
    """The model file, checked against its pinned hash (``sha256=None`` skips the check,
    for a model just trained)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BackersError(f"{path}: cannot read the learned model: {error}") from error
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise BackersError(
            f"{path}: the learned model's hash does not match the one pinned in "
            f"backers/extract/learned.py; retrain with `make train`, or set "
            f"{settings.LEARNED.env}=0"
        )
    return json.loads(data)


def probabilities(head: dict, feats: list[str]) -> dict[str, float]:
    """Class -> probability under one head of the model (multinomial logistic regression:
    a softmax of the summed coefficients of the features present)."""
    classes = head["classes"]
    scores = list(head["intercept"])
    weights = head["weights"]
    for f in feats:
        row = weights.get(f)
        if row is not None:
            for k, w in enumerate(row):
                scores[k] += w
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(classes, exps, strict=True)}


def decide(model: dict, claim_type: str, claim_status: str, feats: list[str]) -> dict[str, str]:
    """The fields the model changes: a head changes its field only when its best class
    beats the rules' own by the head's margin (so a close call keeps the rules' answer)."""
    changes: dict[str, str] = {}
    for field, current in (("type", claim_type), ("status", claim_status)):
        head = model.get("heads", {}).get(field)
        if not head:
            continue
        probs = probabilities(head, feats)
        best = max(probs, key=lambda c: (probs[c], c))
        if best != current and probs[best] - probs.get(current, 0.0) >= head["margin"]:
            changes[field] = best
    return changes


def revise(claim: Claim, event: Event, in_quote: bool) -> None:
    """The hook: called on each claim the rules emit. Records its features while
    collecting; otherwise, when the setting is on, lets the model re-type or re-status it
    (the change named in ``claim.rules``, so ``backers eval --by-rule`` scores it)."""
    if _collected is not None:
        _collected.append((claim, features(claim, event, in_quote, _item_categories())))
        return
    if not enabled():
        return
    model = load_model()
    feats = features(claim, event, in_quote, _item_categories())
    for field, value in decide(model, claim.type, claim.status, feats).items():
        setattr(claim, field, value)
        claim.rules.append(RULE_ID[field])
