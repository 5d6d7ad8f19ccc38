"""The network's own parameters, beside the filters: how many edges (``limit``, the most
important first; ``offset`` for the rest), whose neighbourhood (``focus``) and which
conflict or region. Checked before any query runs, like :mod:`backers.serve.params`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

from backers.query import conflicts
from backers.serve.errors import ApiError
from backers.serve.params import MAX_OFFSET, Text

# Edges a page of the network carries by default, and at most: 1000 edges of the largest
# store stay well under 2 MB of JSON (measured by benchmarks/graph_scale.py).
GRAPH_LIMIT = 300
MAX_GRAPH_LIMIT = 1000


@dataclass
class View:
    limit: int = GRAPH_LIMIT
    offset: int = 0
    focus: str | None = None
    conflict: str | None = None
    region: str | None = None

    def parties(self) -> list[str] | None:
        return conflicts.parties(self.conflict, self.region)

    def as_params(self) -> dict[str, object]:
        """The view as asked, for links: a default limit and the offset left out (a link
        to the page starts at its first edges)."""
        out: dict[str, object] = {} if self.limit == GRAPH_LIMIT else {"limit": self.limit}
        for key in ("focus", "conflict", "region"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


async def view(
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_GRAPH_LIMIT,
            description="Edges to send, the most independent sources first.",
        ),
    ] = GRAPH_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Edges to skip.")] = 0,
    focus: Annotated[
        str | None, Query(max_length=300, description="An actor's neighbourhood.")
    ] = None,
    conflict: Annotated[str | None, Query(max_length=80, description="A conflict's id.")] = None,
    region: Annotated[str | None, Query(max_length=80, description="A region's conflicts.")] = None,
) -> View:
    focus = " ".join(focus.split()) if focus else None
    if conflict and conflicts.by_id(conflict) is None:
        known = ", ".join(c["id"] for c in conflicts.conflicts())
        raise ApiError(400, "bad-parameter", f"no conflict {conflict[:80]!r}; use one of: {known}")
    if region and region not in conflicts.regions():
        known = ", ".join(conflicts.regions())
        raise ApiError(400, "bad-parameter", f"no region {region[:80]!r}; use one of: {known}")
    return View(
        limit=limit,
        offset=offset,
        focus=focus or None,
        conflict=conflict or None,
        region=region or None,
    )


async def suggest(
    q: Annotated[str, Query(min_length=1, max_length=100, description="The first letters.")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> tuple[str, int]:
    return q, limit


__all__ = ["GRAPH_LIMIT", "MAX_GRAPH_LIMIT", "Text", "View", "suggest", "view"]
