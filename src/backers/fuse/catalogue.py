"""What fusion reads from the team's data files: weapon families and actor names.

The extraction stage owns ``backers/data`` (weapons.yaml, states.yaml, organisations.yaml,
people.yaml, claimants.yaml); fusion only reads it, so that "Geran-2" and "Shahed drones"
fall into one ``Shahed`` family on a relation, and "the Kremlin" or "russia" finds Russia.
A missing or unreadable file leaves its table empty: fusion still works, only less
normalised. :func:`load` reads the packaged files once per process and returns read-only
mappings, so the cache is not mutable state: every caller sees the same, unchangeable
tables (the files are package data and do not change while the process runs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml


def _read(name: str) -> dict[str, Any]:
    try:
        text = (resources.files("backers") / "data" / name).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except (FileNotFoundError, OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Catalogue:
    """Lookup tables keyed by lower-cased name."""

    item_family: Mapping[str, str] = field(default_factory=dict)  # alias -> family
    actor_alias: Mapping[str, str] = field(default_factory=dict)  # alias -> canonical actor
    actor_kind: Mapping[str, str] = field(default_factory=dict)  # canonical -> state|<kind>
    person_affiliation: Mapping[str, str] = field(default_factory=dict)  # person -> party

    def family(self, item: str) -> str:
        """The catalogue family of an item as written, or the item itself, tidied."""
        key = " ".join(item.split()).lower()
        return self.item_family.get(key, " ".join(item.split()))

    def kind(self, actor: str) -> str:
        """``state``, an organisation kind (``pmc``, ``armed_group``...), or ``actor``."""
        return self.actor_kind.get(actor, "actor")


@lru_cache(maxsize=1)
def load() -> Catalogue:
    """The catalogue of the packaged data files (read once, read-only)."""
    families: dict[str, str] = {}
    for name, entry in _read("weapons.yaml").items():
        entry = entry if isinstance(entry, dict) else {}
        family = str(entry.get("family") or name)
        for alias in [name, *(entry.get("aliases") or [])]:
            families[str(alias).lower()] = family
        families.setdefault(family.lower(), family)
    aliases: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for name, entry in _read("states.yaml").items():
        entry = entry if isinstance(entry, dict) else {}
        kinds[str(name)] = "state"
        names = [name, *(entry.get("aliases") or []), *(entry.get("metonyms") or [])]
        for alias in [*names, *(entry.get("demonyms") or [])]:
            aliases.setdefault(str(alias).lower(), str(name))
    organisations = {**_read("organisations.yaml"), **_read("armed_groups.yaml")}
    for name, entry in organisations.items():
        entry = entry if isinstance(entry, dict) else {}
        kinds[str(name)] = str(entry.get("kind") or "organisation")
        for alias in [name, *(entry.get("aliases") or [])]:
            aliases.setdefault(str(alias).lower(), str(name))
    people: dict[str, str] = {}
    for name, entry in {**_read("people.yaml"), **_read("officials.yaml")}.items():
        entry = entry if isinstance(entry, dict) else {}
        if entry.get("affiliation"):
            people[str(name)] = str(entry["affiliation"])
    return Catalogue(
        MappingProxyType(families),
        MappingProxyType(aliases),
        MappingProxyType(kinds),
        MappingProxyType(people),
    )
