"""Named conflicts and their regions (``data/conflicts.yaml``): the per-conflict and
per-region views of the network narrow it to the relations that name one of the parties.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from backers.nlp.gazetteer import load_data


@lru_cache(maxsize=1)
def conflicts() -> tuple[dict[str, Any], ...]:
    """Every named conflict: ``{id, name, region, since, parties}``, in file order."""
    out = []
    for entry in load_data("conflicts.yaml").get("conflicts") or []:
        out.append(
            {
                "id": str(entry["id"]),
                "name": str(entry.get("name") or entry["id"]),
                "region": str(entry.get("region") or "Other"),
                "since": str(entry["since"]) if entry.get("since") else None,
                "parties": [str(p) for p in entry.get("parties") or []],
            }
        )
    return tuple(out)


def regions() -> list[str]:
    """The regions of the conflicts, in file order."""
    return list(dict.fromkeys(c["region"] for c in conflicts()))


def by_id(conflict_id: str) -> dict[str, Any] | None:
    return next((c for c in conflicts() if c["id"] == conflict_id), None)


def parties(conflict_id: str | None = None, region: str | None = None) -> list[str] | None:
    """The parties of one conflict, or of every conflict of a region (the union); ``None``
    when neither is asked (no narrowing). Unknown ids and regions give ``[]``."""
    if not conflict_id and not region:
        return None
    chosen = [
        c
        for c in conflicts()
        if (not conflict_id or c["id"] == conflict_id) and (not region or c["region"] == region)
    ]
    return list(dict.fromkeys(p for c in chosen for p in c["parties"]))
