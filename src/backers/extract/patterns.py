"""The role patterns of verb cues, read from data/patterns.yaml: where each frame finds its
supporter, recipient and items, one named pattern per construction.

The file's header documents the language. This module only parses it and follows paths
in a parse; backers.extract.events runs the steps, because the tests and resolvers they name
need the reader's knowledge of actors. A typo in the file (an unknown key, slot, set or
dependency step) is an error at load time naming the pattern, never a pattern that silently
reads nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from backers.nlp.gazetteer import load_data

ROLES = ("supporter", "recipient", "items")
VOICES = ("active", "passive")
STEP_KEYS = frozenset(
    {
        "id", "slot", "slots", "path", "paths", "voice", "when", "else", "role", "fallback",
        "loose", "unless", "verbs", "role_token", "lend", "distinct", "example",
        "resolver",
    }
)  # fmt: skip
SLOT_KEYS = frozenset({"path", "paths", "share", "blocked_by", "head_lemmas", "code"})
STEP_RE = re.compile(r"^(?P<deps>[a-z|]+)(?:\[(?P<words>[^\]]+)\]|\((?P<lemmas>[^)]+)\))?$")


class PatternError(ValueError):
    """patterns.yaml says something the interpreter cannot read."""


@dataclass(frozen=True)
class Step:
    """One step of a path: children with one of ``deps``; ``of`` steps read the objects of
    prepositions; ``words``/``lemmas`` narrow what the step keeps."""

    deps: frozenset[str]
    words: frozenset[str] | None = None
    lemmas: frozenset[str] | None = None
    of: bool = False

    def follow(self, token: Token) -> list[Token]:
        if self.of:
            return prep_objects(token, self.words)
        return [
            c
            for c in token.children
            if c.dep_ in self.deps
            and (self.words is None or c.lower_ in self.words)
            and (self.lemmas is None or c.lemma_.lower() in self.lemmas)
        ]


Path = tuple[Step, ...]


def prep_objects(token: Token, preps: frozenset[str] | None) -> list[Token]:
    """Objects of the token's prepositions ``preps`` (conjuncts included): "to X", "by X".
    A preposition whose object the parser made a gerund clause ("to invading Russian
    forces") gives the gerund's object too."""
    found = []
    for prep in token.children:
        if prep.dep_ in ("prep", "dative", "agent") and (preps is None or prep.lower_ in preps):
            for pobj in prep.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    found.append(pobj)
                    if pobj.dep_ == "pcomp" and pobj.pos_ == "VERB":
                        found.extend(c for c in pobj.children if c.dep_ == "dobj")
    return found


def follow(token: Token, path: Path) -> list[Token]:
    """Every token ``path`` reaches from ``token``, in order."""
    tokens = [token]
    for step in path:
        tokens = [found for t in tokens for found in step.follow(t)]
    return tokens


@dataclass(frozen=True)
class Slot:
    name: str
    paths: tuple[Path, ...] = ()
    share: dict[str, str] | None = None  # voice -> "later" | "any"
    blocked_by_complement: bool = False
    head_lemmas: frozenset[str] | None = None  # the first step's token must be one of them
    code: bool = False  # computed by the reader (subjects, purposes, what items name)

    def read(self, token: Token) -> list[Token]:
        found: list[Token] = []
        for path in self.paths:
            if self.head_lemmas is not None:
                heads = [t for t in path[0].follow(token) if t.lemma_.lower() in self.head_lemmas]
                found.extend(t for h in heads for t in follow(h, path[1:]))
            else:
                found.extend(follow(token, path))
        return found


@dataclass(frozen=True)
class PatternStep:
    """One step of a frame: a pattern (``id``, slots, role) or a resolver (``resolver``)."""

    id: str
    resolver: bool = False
    slots: tuple[str, ...] = ()
    paths: tuple[Path, ...] = ()  # read on from each slot token (alternatives)
    role: str | None = None
    voice: str | None = None
    when: tuple[str, ...] = ()
    otherwise: str | None = None
    fallback: bool = False
    loose: bool = False
    unless: tuple[str, ...] = ()
    verbs: frozenset[str] | None = None
    role_token: str | None = None
    lend: str | None = None
    distinct: bool = False  # an actor already in the other role is not taken
    example: str = ""


@dataclass(frozen=True)
class Patterns:
    slots: dict[str, Slot]
    frames: dict[str, tuple[PatternStep, ...]]  # frame -> its steps
    sets: dict[str, frozenset[str]]  # named word sets, for paths and code slots

    def slot_tokens(self, name: str, verb: Token, chain: Sequence[Token], passive: bool):
        """The tokens of slot ``name`` around ``verb``; borrowed from the coordinated verbs
        of ``chain`` where the slot shares in this voice."""
        slot = self.slots[name]
        mode = (slot.share or {}).get("passive" if passive else "active")
        own = slot.read(verb)
        if own or mode is None or len(chain) < 2:
            return own
        if slot.blocked_by_complement and any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
            return []
        return lent(verb, chain, slot.read, later_only=mode == "later")

    def examples(self) -> list[tuple[str, str]]:
        """(pattern id, example sentence) of every pattern."""
        found = {s.id: s.example for steps in self.frames.values() for s in steps if s.example}
        return list(found.items())

    def ids(self) -> set[str]:
        return {s.id for steps in self.frames.values() for s in steps}


def lent(
    verb: Token, chain: Sequence[Token], read: Callable[[Token], list[Token]], later_only: bool
) -> list[Token]:
    """What ``read`` finds on the nearest conjunct of ``verb`` that lends it: later ones
    first, then (unless ``later_only``) earlier ones. A conjunct with a subject of its own is
    a clause of its own and lends nothing ("... and Russia supplied drones")."""
    at = list(chain).index(verb)
    lenders = chain[at + 1 :] if later_only else [*chain[at + 1 :], *reversed(chain[:at])]
    for other in lenders:
        if other is not chain[0] and any(c.dep_ in ("nsubj", "nsubjpass") for c in other.children):
            continue
        found = read(other)
        if found:
            return found
    return []


def _words(text: str, sets: dict[str, list[str]], where: str) -> frozenset[str]:
    if text.startswith("$"):
        if text[1:] not in sets:
            raise PatternError(f"{where}: unknown set {text!r}")
        return frozenset(sets[text[1:]])
    return frozenset(w.strip() for w in text.split("|"))


def parse_path(text: str, sets: dict[str, list[str]], where: str) -> Path:
    """ "of[to|into] > of[in]" -> steps."""
    steps = []
    for part in text.split(">"):
        match = STEP_RE.match(part.strip())
        if match is None:
            raise PatternError(f"{where}: cannot read the path step {part.strip()!r}")
        deps = frozenset(match["deps"].split("|"))
        words = _words(match["words"], sets, where) if match["words"] else None
        lemmas = _words(match["lemmas"], sets, where) if match["lemmas"] else None
        if deps == {"of"}:
            steps.append(Step(deps, words=words, of=True))
        else:
            steps.append(Step(deps, words=words, lemmas=lemmas))
    return tuple(steps)


def _slot(name: str, spec: dict, sets: dict[str, list[str]]) -> Slot:
    where = f"patterns.yaml slot {name!r}"
    unknown = set(spec) - SLOT_KEYS
    if unknown:
        raise PatternError(f"{where}: unknown key(s) {sorted(unknown)}")
    if spec.get("code"):
        return Slot(name, code=True)
    texts = spec.get("paths") or [spec["path"]]
    share = spec.get("share")
    if share and (set(share) - set(VOICES) or set(share.values()) - {"later", "any"}):
        raise PatternError(f"{where}: share is {{active|passive: later|any}}")
    heads = spec.get("head_lemmas")
    return Slot(
        name,
        paths=tuple(parse_path(t, sets, where) for t in texts),
        share=share,
        blocked_by_complement=spec.get("blocked_by") == "complement",
        head_lemmas=_words(heads, sets, where) if heads else None,
    )


def _step(spec: dict, slots: dict[str, Slot], sets: dict[str, list[str]], frame: str):
    where = f"patterns.yaml frame {frame!r} step {spec.get('id') or spec.get('resolver')!r}"
    unknown = set(spec) - STEP_KEYS
    if unknown:
        raise PatternError(f"{where}: unknown key(s) {sorted(unknown)}")
    if "resolver" in spec:
        return PatternStep(id=spec["resolver"], resolver=True)
    names = tuple(spec.get("slots") or [spec.get("slot")])
    for name in names:
        if name not in slots:
            raise PatternError(f"{where}: unknown slot {name!r}")
    for key in ("role", "else"):
        if spec.get(key) is not None and spec[key] not in ROLES:
            raise PatternError(f"{where}: {key} must be one of {ROLES}")
    if spec.get("voice") is not None and spec["voice"] not in VOICES:
        raise PatternError(f"{where}: voice must be one of {VOICES}")
    if spec.get("role_token") not in (None, "role", "all"):
        raise PatternError(f"{where}: role_token is 'role' or 'all'")
    return PatternStep(
        id=spec["id"],
        slots=names,
        paths=tuple(
            parse_path(t, sets, where)
            for t in (spec.get("paths") or ([spec["path"]] if spec.get("path") else []))
        ),
        role=spec["role"],
        voice=spec.get("voice"),
        when=tuple(spec.get("when") or ()),
        otherwise=spec.get("else"),
        fallback=bool(spec.get("fallback")),
        loose=bool(spec.get("loose")),
        unless=tuple(spec.get("unless") or ()),
        verbs=frozenset(spec["verbs"]) if spec.get("verbs") else None,
        role_token=spec.get("role_token"),
        lend=spec.get("lend"),
        distinct=bool(spec.get("distinct")),
        example=spec.get("example", ""),
    )


def build_patterns(raw: dict) -> Patterns:
    sets = raw.get("sets") or {}
    slots = {name: _slot(name, spec or {}, sets) for name, spec in raw["slots"].items()}
    frames: dict[str, tuple[PatternStep, ...]] = {}
    seen: set[str] = set()
    for group, spec in raw["frames"].items():
        steps = tuple(_step(s, slots, sets, group) for s in spec["steps"])
        for step in steps:
            if not step.resolver and step.id in seen:
                raise PatternError(f"patterns.yaml: the pattern id {step.id!r} is used twice")
            seen.add(step.id)
        for frame in spec["frames"]:
            frames[frame] = steps
    return Patterns(slots, frames, {k: frozenset(v) for k, v in sets.items()})


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    return build_patterns(load_data("patterns.yaml"))
