"""One line that says why an edge is on the page: what support, how surely, who says so,
from how many independent sources, when; the same words on the page, in the panel and in
the JSON, so a reader can quote it."""

from __future__ import annotations

from typing import Any


def _names(values: list[str], most: int = 3, others: bool = False) -> str:
    shown = ", ".join(values[:most])
    more = len(values) - most
    if others:  # the list itself was cut: how many more is not known here
        return f"{shown} and others"
    return f"{shown} and {more} more" if more > 0 else shown


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def why_line(edge: dict[str, Any]) -> str:
    """``"Iran -> Russia: arms, personnel (confirmed, assessed); 2 independent sources in 3
    articles; claimed by United States (John Kirby); seen 2022-10-20 to 2022-10-21;
    confidence 0.80."`` An edge only denied says so and who denies it."""
    head = f"{edge['source']} → {edge['target']}"
    cut = bool(edge.get("claimants_more"))
    if not edge.get("types"):
        who = _names(edge.get("denied_by") or []) or "someone"
        return f"{head}: only denied, by {who}; no claim asserts it."
    parts = [
        f"{head}: {', '.join(edge['types']).replace('_', ' ')}"
        f" ({', '.join(edge.get('certainties') or [])})",
        f"{_plural(edge.get('sources', 0), 'independent source')}"
        f" in {_plural(edge.get('articles', 0), 'article')}",
    ]
    if edge.get("claimants"):
        parts.append(f"claimed by {_names(edge['claimants'], others=cut)}")
    if edge.get("denied_by"):
        parts.append(f"denied by {_names(edge['denied_by'], others=cut)}")
    first, last = edge.get("first_seen"), edge.get("last_seen")
    if first:
        parts.append(f"seen {first}" + (f" to {last}" if last and last != first else ""))
    score = (edge.get("confidence") or {}).get("score")
    if score is not None:
        parts.append(f"confidence {score:.2f}")
    return "; ".join(parts) + "."
