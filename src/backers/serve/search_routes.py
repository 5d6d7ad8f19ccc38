"""Search over the stored articles: ``/api/search`` and the ``/search`` page (and its
``?format=json`` twin), both from :func:`backers.query.search.search`."""

from __future__ import annotations

from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from backers.errors import BackersError
from backers.query.filters import Filters
from backers.query.search import MAX_QUERY, search
from backers.serve.api import answer, read
from backers.serve.errors import ApiError
from backers.serve.pages import Format, render
from backers.serve.params import Page, filters, page, strict
from backers.store.search_index import index_for

router = APIRouter(dependencies=[Depends(strict)])

Q = Annotated[
    str | None,
    Query(
        max_length=MAX_QUERY,
        description='Words (all must occur), "a phrase", prefix* (Shah* finds Shahed).',
    ),
]
FilterDep = Annotated[Filters, Depends(filters)]
PageDep = Annotated[Page, Depends(page)]


def _build(store: Any) -> Any:
    def build(con: duckdb.DuckDBPyConnection, q: str, flt: Filters, pg: Page) -> dict[str, Any]:
        try:
            return search(con, index_for(store), q, flt, limit=pg.limit, offset=pg.offset)
        except BackersError as error:
            raise ApiError(400, "bad-query", f"q: {error.message}") from error

    return build


def _query(q: str | None) -> str:
    if q is None or not q.strip():
        raise ApiError(400, "bad-parameter", "give q, the words to search for: ?q=Shahed")
    if any(ord(ch) < 32 for ch in q):
        raise ApiError(400, "bad-parameter", "q contains control characters")
    return q.strip()


@router.get("/api/search", tags=["api"], summary="Full-text search over the stored articles")
async def api_search(request: Request, flt: FilterDep, pg: PageDep, q: Q = None) -> Response:
    """The current articles matching ``q``, best first, each with the sentences where the
    words occur (cut into segments: ``term`` a searched word, ``claim`` a sentence a claim
    was read from) and the claims of those sentences. Filters: those of every listing
    (``actor``, ``supporter``... keep articles with such a claim; ``outlet``, ``date_from``,
    ``date_to`` are the article's; ``min_reliability``, ``no_state_media`` its outlet's)."""
    return await answer(request, _build(request.app.state.store), _query(q), flt, pg)


@router.get("/search", include_in_schema=False)
@router.get("/search.json", include_in_schema=False)
def search_page(
    request: Request, flt: FilterDep, pg: PageDep, q: Q = None, fmt: Format = None
) -> Response:
    data: dict[str, Any] = {"q": q or "", "rows": [], "total": 0, "filters": flt.as_params()}
    if q and q.strip():
        data = read(request, _build(request.app.state.store), _query(q), flt, pg)
    return render(request, "search.html", data, fmt, search_q=q or "")
