"""The gazetteers: who and what a name stands for, read from the YAML files in backers/data.

One object answers every name question the extractor and the scorer ask: which actor a
name (alias, demonym, capital, metonym) resolves to, which state an organisation rolls up
to, which person speaks for which side, which weapon an alias names. The entity ruler's
patterns are generated from the same data, so tagging and resolution never disagree.

The data is read once per process (it never changes while running) and is immutable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry
import yaml

# Kinds of names. An id in the entity ruler is "kind|canonical".
STATE = "state"
DEMONYM = "demonym"
METONYM = "metonym"
ORG = "org"
PERSON = "person"
SOURCE = "source"
WEAPON = "weapon"

_LABELS = {
    STATE: "GPE",
    METONYM: "GPE",
    DEMONYM: "NORP",
    ORG: "ORG",
    PERSON: "PERSON",
    SOURCE: "ORG",
    WEAPON: "PRODUCT",
}


def load_data(name: str) -> Any:
    """A YAML file from backers/data, parsed."""
    text = (resources.files("backers") / "data" / name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})


def normalise(name: str) -> str:
    """The key a name is compared by: accents and case folded, punctuation dropped, a leading
    "the" removed, so "the U.S." and "US" meet. Used by resolution and by the scorer."""
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s-]", "", text)
    text = re.sub(r"[\s_-]+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def singular_key(phrase: str) -> str:
    """:func:`normalise` with the last word's plural "s" dropped, so a description written
    in the singular matches the plural in a text ("kamikaze drones")."""
    key = normalise(phrase)
    if key.endswith("s") and not key.endswith("ss") and len(key.rsplit(" ", 1)[-1]) > 3:
        key = key[:-1]
    return key


@dataclass(frozen=True)
class Name:
    """What one alias resolves to."""

    kind: str  # state, demonym, metonym, org, person, source, weapon
    canonical: str  # canonical name of the thing named
    actor: str | None  # the actor it stands for as supporter/recipient (None: not an actor)


@dataclass
class Gazetteer:
    """All names known to backers, keyed by :func:`normalise`."""

    names: dict[str, Name] = field(default_factory=dict)
    # canonical actor -> state it rolls up to (states map to themselves; None: no state)
    actor_state: dict[str, str | None] = field(default_factory=dict)
    # canonical person or body -> affiliation
    affiliation: dict[str, str | None] = field(default_factory=dict)
    weapon_info: dict[str, dict] = field(default_factory=dict)
    # canonical organisation -> its kind (armed_group, pmc, collective, bloc, state_body ...)
    org_kind: dict[str, str | None] = field(default_factory=dict)
    patterns_src: list[tuple[str, str, str]] = field(default_factory=list)  # alias, kind, canon
    # described weapon ("Iranian kamikaze drone"), by :func:`singular_key` -> canonical
    weapon_descriptions: dict[str, str] = field(default_factory=dict)
    ruler_skip: frozenset[str] = frozenset()
    # last words of an unlisted organisation's name that make it an actor (unknown_actors.yaml)
    unknown_actor_heads: frozenset[str] = frozenset()

    def _add(self, alias: str, kind: str, canonical: str, actor: str | None) -> None:
        key = normalise(alias)
        if not key:
            return
        existing = self.names.get(key)
        # First writer wins, except that a state beats anything else of the same spelling.
        if existing is None or (kind == STATE and existing.kind != STATE):
            self.names[key] = Name(kind, canonical, actor)
        self.patterns_src.append((alias, kind, canonical))

    def lookup(self, text: str) -> Name | None:
        """The name ``text`` stands for, or None."""
        key = normalise(text)
        found = self.names.get(key)
        if found is None and key.endswith("s") and len(key) > 4:
            found = self.names.get(key[:-1])
            if found is not None and found.kind not in (DEMONYM, WEAPON, ORG):
                found = None
        return found

    def actor(self, text: str) -> str | None:
        """The canonical actor a name stands for as supporter or recipient, or None."""
        found = self.lookup(text)
        return found.actor if found else None

    def described_weapon(self, phrase: str) -> str | None:
        """The catalogued weapon an item phrase describes without naming it, or None."""
        return self.weapon_descriptions.get(singular_key(phrase))

    def state_of(self, actor: str) -> str:
        """The state an actor rolls up to for the state-level score (itself if none)."""
        return self.actor_state.get(actor) or actor

    def canonical_actor(self, name: str) -> str:
        """Alias resolution for scoring: the canonical actor, or the name as given."""
        return self.actor(name) or name

    def entity_patterns(self) -> list[dict]:
        """Patterns for spaCy's entity ruler: each alias with its label and "kind|canonical"
        id. Ambiguous aliases (ruler.yaml) are left to the model."""
        seen: set[tuple[str, str]] = set()
        out = []
        for alias, kind, canonical in self.patterns_src:
            if alias in self.ruler_skip or len(alias) < 2:
                continue
            key = (alias, _LABELS[kind])
            if key in seen:
                continue
            seen.add(key)
            out.append({"label": _LABELS[kind], "pattern": alias, "id": f"{kind}|{canonical}"})
        return out


def _state_names() -> dict[str, str]:
    """pycountry alpha-2 -> canonical short name: the common name without its formal tail."""
    names = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," in name:
            name = name.split(",")[0]
        names[country.alpha_2] = name
    return names


def build_gazetteer() -> Gazetteer:
    """Read every gazetteer file into one :class:`Gazetteer`."""
    gaz = Gazetteer(
        ruler_skip=frozenset(load_data("ruler.yaml").get("skip", [])),
        unknown_actor_heads=frozenset(load_data("unknown_actors.yaml").get("heads", [])),
    )
    states = load_data("states.yaml")
    by_iso = {}
    for canonical, entry in states.items():
        entry = entry or {}
        if entry.get("iso"):
            by_iso[entry["iso"]] = canonical
    # Curated states first (their canonical names and aliases win), then pycountry's.
    for canonical, entry in states.items():
        entry = entry or {}
        gaz.actor_state[canonical] = canonical
        gaz._add(canonical, STATE, canonical, canonical)
        for alias in entry.get("aliases") or []:
            gaz._add(alias, STATE, canonical, canonical)
        for alias in entry.get("demonyms") or []:
            gaz._add(alias, DEMONYM, canonical, canonical)
        for alias in entry.get("metonyms") or []:
            gaz._add(alias, METONYM, canonical, canonical)
    # Then every ISO state's capital and demonyms, generated (scripts/gen_states.py).
    for canonical, entry in (load_data("states_world.yaml") or {}).items():
        canonical = by_iso.get((entry or {}).get("iso"), canonical)
        gaz.actor_state.setdefault(canonical, canonical)
        for alias in (entry or {}).get("demonyms") or []:
            gaz._add(alias, DEMONYM, canonical, canonical)
        for alias in (entry or {}).get("metonyms") or []:
            gaz._add(alias, METONYM, canonical, canonical)
    for iso, short in _state_names().items():
        canonical = by_iso.get(iso, short)
        gaz.actor_state.setdefault(canonical, canonical)
        country = pycountry.countries.get(alpha_2=iso)
        for alias in {short, country.name, getattr(country, "official_name", None)} - {None}:
            if "," not in alias:
                gaz._add(alias, STATE, canonical, canonical)
    organisations = {**load_data("organisations.yaml"), **load_data("armed_groups.yaml")}
    for canonical, entry in organisations.items():
        gaz.actor_state[canonical] = entry.get("state")
        gaz.org_kind[canonical] = entry.get("kind")
        gaz._add(canonical, ORG, canonical, canonical)
        for alias in entry.get("aliases") or []:
            gaz._add(alias, ORG, canonical, canonical)
    # Officials (officials.yaml: heads of state and government, ministers) and other speakers
    # (people.yaml) are read alike; the role and years of an official are reference only.
    for canonical, entry in {**load_data("people.yaml"), **load_data("officials.yaml")}.items():
        gaz.affiliation[canonical] = entry.get("affiliation")
        gaz._add(canonical, PERSON, canonical, entry.get("affiliation"))
        for alias in entry.get("aliases") or []:
            # Surnames alone are not tagged by the ruler (see ruler.yaml); they still resolve.
            gaz._add(alias, PERSON, canonical, entry.get("affiliation"))
    for canonical, entry in load_data("claimants.yaml").items():
        gaz.affiliation[canonical] = entry.get("affiliation")
        gaz._add(canonical, SOURCE, canonical, None)
        for alias in entry.get("aliases") or []:
            gaz._add(alias, SOURCE, canonical, None)
    for canonical, entry in load_data("weapons.yaml").items():
        gaz.weapon_info[canonical] = entry
        gaz._add(canonical, WEAPON, canonical, None)
        for alias in entry.get("aliases") or []:
            gaz._add(alias, WEAPON, canonical, None)
        for description in entry.get("descriptions") or []:
            gaz.weapon_descriptions.setdefault(singular_key(description), canonical)
    # Metonyms that speak as bodies keep their own name as claimants.
    for canonical, entry in states.items():
        for alias in (entry or {}).get("metonyms") or []:
            gaz.affiliation.setdefault(alias.removeprefix("the "), canonical)
    return gaz


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process's gazetteer, read once (read-only data)."""
    return build_gazetteer()
