"""HTML pages. Each page is also JSON (``?format=json`` or a ``.json`` suffix) from the
same builder as the API, so what a person sees is what a script gets."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from backers.query.documents import segments
from backers.query.filters import Filters
from backers.serve import payloads, timeaxis
from backers.serve.api import read
from backers.serve.errors import ApiError
from backers.serve.graph_params import View, view
from backers.serve.params import MAX_TEXT, Page, filters, page, search, strict

router = APIRouter(include_in_schema=False, dependencies=[Depends(strict)])

FilterDep = Annotated[Filters, Depends(filters)]
PageDep = Annotated[Page, Depends(page)]
ViewDep = Annotated[View, Depends(view)]
Format = Annotated[str | None, Query(alias="format", max_length=10)]


def _as_json(request: Request, fmt: str | None) -> bool:
    if fmt not in (None, "", "html", "json"):
        raise ApiError(400, "bad-parameter", "format must be html or json")
    return fmt == "json" or request.url.path.endswith(".json")


def _strip(key: str) -> str:
    return key[: -len(".json")] if key.endswith(".json") else key


def render(
    request: Request, template: str, data: dict[str, Any], fmt: str | None, **extra: Any
) -> Response:
    """The page, or its data as JSON: the one place a page chooses."""
    if _as_json(request, fmt):
        return JSONResponse(data)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, template, {"data": data, "query": request.url.query, **extra}
    )


@router.get("/")
@router.get("/index.json")
def network_page(request: Request, flt: FilterDep, vw: ViewDep, fmt: Format = None) -> Response:
    data = read(request, payloads.network_view, flt, vw)
    exports = urlencode(data["filters"], doseq=True)  # the exports take the filters only
    return render(request, "network.html", data, fmt, export_query=exports)


@router.get("/actors")
@router.get("/actors.json")
def actors_page(
    request: Request, pg: PageDep, q: Annotated[str | None, Depends(search)], fmt: Format = None
) -> Response:
    return render(request, "actors.html", read(request, payloads.actor_list, q, pg), fmt)


@router.get("/actors/{name:path}")
def actor_page(request: Request, flt: FilterDep, name: str, fmt: Format = None) -> Response:
    name = _strip(name)[:MAX_TEXT]
    return render(request, "actor.html", read(request, payloads.actor, name, flt), fmt)


@router.get("/evidence")
@router.get("/evidence.json")
def evidence_page(
    request: Request,
    pg: PageDep,
    supporter: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    recipient: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    fmt: Format = None,
) -> Response:
    data = read(request, payloads.evidence, supporter, recipient, pg)
    return render(request, "evidence.html", data, fmt)


@router.get("/documents/{key}")
def document_page(request: Request, key: str, fmt: Format = None) -> Response:
    data = read(request, payloads.document, _strip(key)[:MAX_TEXT])
    parts = {i: segments(s, data["claims"]) for i, s in enumerate(data["sections"])}
    return render(request, "document.html", data, fmt, parts=parts)


@router.get("/timeline")
@router.get("/timeline.json")
def timeline_page(request: Request, flt: FilterDep, pg: PageDep, fmt: Format = None) -> Response:
    data = read(request, payloads.claim_timeline, flt, pg)
    return render(
        request,
        "timeline.html",
        data,
        fmt,
        vocab=payloads.vocabularies(),
        axis=timeaxis.axis(data["buckets"]),
    )
