"""The JSON API under ``/api/``: thin routes over :mod:`backers.serve.payloads`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from backers.query.filters import Filters
from backers.serve import payloads
from backers.serve.errors import ApiError
from backers.serve.exports import FORMATS, export, table_problem
from backers.serve.graph_params import View, suggest, view
from backers.serve.params import MAX_TEXT, Page, filters, page, search, strict
from backers.serve.snapshot import MISSING

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(strict)])

FilterDep = Annotated[Filters, Depends(filters)]
PageDep = Annotated[Page, Depends(page)]
ViewDep = Annotated[View, Depends(view)]
Name = Annotated[str | None, Query(max_length=MAX_TEXT)]


def read(request: Request, build: Callable[..., Any], *args: Any, remember: bool = True) -> Any:
    """Run one builder on the store's current snapshot for this request; the answer is
    remembered for that snapshot under the request's path and query (the parameters are
    already validated, so they determine the answer). ``remember=False`` for answers too
    large to keep (exports)."""
    snapshots = request.app.state.snapshots
    if snapshots is None:
        with request.app.state.store.read() as con:
            return build(con, *args)
    if not remember:
        with snapshots.cursor() as con:
            return build(con, *args)
    key = ("data", request.url.path, request.url.query)
    return snapshots.answer(key, lambda con: build(con, *args))


def encode(data: Any) -> bytes:
    """An answer as the API sends it: compact UTF-8 JSON."""
    return json.dumps(jsonable_encoder(data), ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


async def answer(request: Request, build: Callable[..., Any], *args: Any) -> Response:
    """``read``, as the JSON response itself, encoded once per snapshot and question. A
    remembered answer is sent from the event loop; a new one is computed in a worker
    thread."""
    snapshots = request.app.state.snapshots

    def built(con: Any) -> bytes:
        return encode(build(con, *args))

    def compute() -> bytes:
        if snapshots is None:
            with request.app.state.store.read() as con:
                return built(con)
        return snapshots.answer(key, built)

    key = ("json", request.url.path, request.url.query)
    body = MISSING if snapshots is None else snapshots.peek(key)
    if body is MISSING:
        body = await run_in_threadpool(compute)
    return Response(body, media_type="application/json")


@router.get("/actors", summary="Actors, searched by name")
async def api_actors(
    request: Request, pg: PageDep, q: Annotated[str | None, Depends(search)]
) -> Response:
    return await answer(request, payloads.actor_list, q, pg)


@router.get("/actors/{name:path}", summary="Who backs an actor, whom it backs, over time")
async def api_actor(
    request: Request, flt: FilterDep, name: str = Path(max_length=MAX_TEXT)
) -> Response:
    return await answer(request, payloads.actor, name, flt)


@router.get("/relations", summary="Relations: claims grouped by supporter and recipient")
async def api_relations(request: Request, flt: FilterDep, pg: PageDep) -> Response:
    return await answer(request, payloads.relation_list, flt, pg)


@router.get("/evidence", summary="One supporter -> recipient pair with every claim, in context")
async def api_evidence(
    request: Request, pg: PageDep, supporter: Name = None, recipient: Name = None
) -> Response:
    return await answer(request, payloads.evidence, supporter, recipient, pg)


@router.get("/claims", summary="Claims with their sentence, claimant and document")
async def api_claims(request: Request, flt: FilterDep, pg: PageDep) -> Response:
    return await answer(request, payloads.claim_list, flt, pg)


@router.get("/documents/{key}", summary="A document's cleaned text, sections and claim offsets")
async def api_document(request: Request, key: str = Path(max_length=MAX_TEXT)) -> Response:
    return await answer(request, payloads.document, key)


@router.get("/graph", summary="Nodes and edges of who backs whom, most sources first, paged")
async def api_graph(request: Request, flt: FilterDep, vw: ViewDep) -> Response:
    return await answer(request, payloads.network_view, flt, vw)


@router.get("/actor-search", summary="Actors whose name (or a word of it, or an alias) starts so")
async def api_actor_search(
    request: Request, asked: Annotated[tuple[str, int], Depends(suggest)]
) -> Response:
    return await answer(request, payloads.actor_suggestions, *asked)


@router.get("/timeline", summary="Claims per month, and the dated claims")
async def api_timeline(request: Request, flt: FilterDep, pg: PageDep) -> Response:
    return await answer(request, payloads.claim_timeline, flt, pg)


@router.get(
    "/export/{fmt}",
    summary="Download relations as csv, jsonl, gexf (Gephi), graphml or ftm (FollowTheMoney)",
    response_class=Response,
)
async def api_export(
    request: Request,
    flt: FilterDep,
    fmt: str,
    table: Annotated[
        str, Query(max_length=20, description="relations, or the claims behind them")
    ] = "relations",
) -> Response:
    if fmt not in FORMATS:
        raise ApiError(
            404, "unknown-format", f"no export {fmt[:20]!r}; use one of: {', '.join(FORMATS)}"
        )
    problem = table_problem(fmt, table)
    if problem:
        raise ApiError(400, "bad-parameter", problem)
    media, ext = FORMATS[fmt]
    body = await run_in_threadpool(lambda: read(request, export, fmt, flt, table, remember=False))
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="backers-{table}.{ext}"'},
    )
