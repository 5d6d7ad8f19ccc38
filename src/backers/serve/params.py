"""Request parameters shared by the API and the pages, checked before any query runs.

Enumerations are checked against the contract's vocabularies and page sizes against
``BACKERS_MAX_PAGE_SIZE``, so a bad request gets a 400 that names the fix instead of an
empty result or a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant

from backers import settings
from backers.query.filters import DATE, VOCABULARIES, Filters
from backers.serve.errors import ApiError

MAX_TEXT = 300
MAX_OFFSET = 10**12
DEFAULT_LIMIT = 50

Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
Many = Annotated[
    list[str] | None,
    Query(description="Repeat the parameter or give a comma-separated list."),
]


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if any(ord(ch) < 32 for ch in value):
        raise ApiError(400, "bad-parameter", f"{name} contains control characters")
    value = value.strip()
    return value or None


def _many(name: str, values: list[str] | None) -> list[str]:
    vocabulary = VOCABULARIES[name]
    out: list[str] = []
    for value in values or []:
        for item in value.split(","):
            item = item.strip().lower()
            if not item:
                continue
            if item not in vocabulary:
                raise ApiError(
                    400,
                    "bad-parameter",
                    f"unknown {name} {item[:40]!r}; use one of: {', '.join(vocabulary)}",
                )
            if item not in out:
                out.append(item)
    return out


def _one(name: str, value: str | None) -> str | None:
    value = _text(name, value)
    if value is None:
        return None
    value = value.lower()
    vocabulary = VOCABULARIES[name]
    if "," in value:
        raise ApiError(400, "bad-parameter", f"{name} takes one value (certainty takes several)")
    if value not in vocabulary:
        raise ApiError(
            400,
            "bad-parameter",
            f"unknown {name} {value[:40]!r}; use one of: {', '.join(vocabulary)}",
        )
    return value


def _date(name: str, value: str | None) -> str | None:
    value = _text(name, value)
    if value is not None and not DATE.match(value):
        raise ApiError(
            400, "bad-parameter", f"{name} must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return value


def _level(value: str | None) -> int | None:
    """A reliability level, 0 to 3; empty (a form's "any") is no filter."""
    value = _text("min_reliability", value)
    if value is None:
        return None
    if value not in ("0", "1", "2", "3"):
        raise ApiError(
            400,
            "bad-parameter",
            f"min_reliability {value[:10]!r} must be 0, 1, 2 or 3 (3: generally reliable)",
        )
    return int(value)


async def filters(
    supporter: Text = None,
    recipient: Text = None,
    actor: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Either supporter or recipient.")
    ] = None,
    type: Annotated[  # noqa: A002 - the contract's field name
        str | None, Query(max_length=40, description="One of the contract's types.")
    ] = None,
    status: Annotated[
        str | None, Query(max_length=40, description="One of the contract's statuses.")
    ] = None,
    certainty: Many = None,
    claimant: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="Claimant or the body it speaks for."),
    ] = None,
    outlet: Text = None,
    date_from: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    min_sources: Annotated[
        int | None, Query(ge=1, le=10**9, description="Distinct source texts per relation.")
    ] = None,
    doc_id: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Claims read from this document.")
    ] = None,
    min_reliability: Annotated[
        str | None,
        Query(max_length=5, description="Outlets rated at least this: 0 deprecated .. 3 reliable."),
    ] = None,
    no_state_media: Annotated[
        bool | None, Query(description="true: leave out state-affiliated outlets.")
    ] = None,
) -> Filters:
    """The filters every listing takes, validated. (``async``, as every dependency here:
    they do no I/O, and FastAPI would run a plain function in a worker thread.)"""
    flt = Filters(
        supporter=_text("supporter", supporter),
        recipient=_text("recipient", recipient),
        actor=_text("actor", actor),
        type=_one("type", type),
        status=_one("status", status),
        certainty=_many("certainty", certainty),
        claimant=_text("claimant", claimant),
        outlet=_text("outlet", outlet),
        date_from=_date("date_from", date_from),
        date_to=_date("date_to", date_to),
        min_sources=min_sources,
        doc_id=_text("doc_id", doc_id),
        min_reliability=_level(min_reliability),
        no_state_media=no_state_media or None,
    )
    if flt.date_from and flt.date_to and flt.date_from[:4] > flt.date_to[:4]:
        raise ApiError(400, "bad-parameter", "date_from is after date_to")
    return flt


@dataclass
class Page:
    limit: int
    offset: int


async def page(
    limit: Annotated[
        int, Query(ge=1, description="Rows per page (at most BACKERS_MAX_PAGE_SIZE).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Page:
    """Pagination, refusing pages larger than the configured maximum."""
    largest = settings.as_int(settings.MAX_PAGE_SIZE)
    if limit > largest:
        raise ApiError(
            400,
            "page-too-large",
            f"limit {limit} is over the largest page, {largest}; page with offset"
            f" (or set {settings.MAX_PAGE_SIZE.env})",
        )
    return Page(limit=limit, offset=offset)


async def search(q: Text = None) -> str | None:
    return _text("q", q)


_KNOWN: dict[int, frozenset[str]] = {}


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias or p.name for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def strict(request: Request) -> None:
    """Refuse query parameters the route does not take: a typo (``recipent=Russia``) is a
    400 naming it and what the route takes, never a silently unfiltered answer."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _KNOWN.get(id(route))
    if known is None:
        known = _KNOWN[id(route)] = frozenset(_query_names(dependant))
    unknown = sorted({k for k in request.query_params if k not in known})
    if unknown:
        takes = ", ".join(sorted(known)) or "no parameters"
        raise ApiError(
            400,
            "unknown-parameter",
            f"unknown parameter {unknown[0][:40]!r}; this path takes: {takes}",
        )
