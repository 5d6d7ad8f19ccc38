"""What changed, for newsrooms: ``/api/changes`` (JSON) and ``/feeds/changes.atom`` (an
Atom 1.0 feed, optionally per actor: ``?actor=Russia``) that a feed reader subscribes to.
Both read the ``changes`` table the runs write (:mod:`backers.ingest.web.changes`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from backers.query.changes import KINDS, list_changes, parse_since
from backers.serve.errors import ApiError
from backers.serve.params import MAX_TEXT, Page, _text, page
from backers.serve.snapshot import connection

router = APIRouter(tags=["changes"])
ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 100  # entries in the Atom feed

Text = Annotated[str | None, Query(max_length=MAX_TEXT)]


def _since(value: str | None) -> dt.datetime | None:
    try:
        return parse_since(value)
    except (ValueError, OverflowError):
        raise ApiError(
            400,
            "bad-parameter",
            f"since={value[:40]!r} is not a date; use YYYY-MM-DD or an ISO date-time",
        ) from None


def _kinds(value: str | None) -> list[str] | None:
    if not value:
        return None
    found = [k.strip() for k in value.split(",") if k.strip()]
    bad = [k for k in found if k not in KINDS]
    if bad:
        raise ApiError(
            400, "bad-parameter", f"kind={bad[0][:40]!r} is not one of {', '.join(KINDS)}"
        )
    return found


@router.get("/api/changes", summary="What the runs changed: new relations, statuses, denials")
def api_changes(
    request: Request,
    since: Annotated[str | None, Query(max_length=40)] = None,
    actor: Text = None,
    kind: Text = None,
    pg: Annotated[Page, Depends(page)] = None,  # type: ignore[assignment]
) -> dict[str, Any]:
    with connection(request.app.state) as con:
        found = list_changes(
            con,
            since=_since(_text("since", since)),
            actor=_text("actor", actor),
            kinds=_kinds(_text("kind", kind)),
            limit=pg.limit,
            offset=pg.offset,
        )
    return {**found, "limit": pg.limit, "offset": pg.offset}


@router.get(
    "/feeds/changes.atom",
    summary="Atom feed of the changes (optionally ?actor=)",
    response_class=Response,
)
def atom_changes(request: Request, actor: Text = None) -> Response:
    with connection(request.app.state) as con:
        found = list_changes(con, actor=_text("actor", actor), limit=FEED_SIZE)
    body = atom(found["items"], str(request.base_url).rstrip("/"), actor)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def atom(items: list[dict[str, Any]], base: str, actor: str | None) -> bytes:
    """An Atom 1.0 document of ``items`` (rows of :func:`list_changes`), newest first."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    query = f"?{urlencode({'actor': actor})}" if actor else ""
    sub(feed, "id", f"{base}/feeds/changes.atom{query}")
    sub(feed, "title", f"backers: what changed{f' for {actor}' if actor else ''}")
    sub(feed, "subtitle", "New supporters, status changes, denials and confidence, run by run.")
    updated = items[0]["at"] if items else "1970-01-01T00:00:00Z"
    sub(feed, "updated", updated)
    sub(feed, "link", rel="self", href=f"{base}/feeds/changes.atom{query}")
    sub(feed, "author").append(_named("backers"))
    sub(feed, "generator", "backers")
    for row in items:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{base}/api/changes#{row['id']}")
        sub(entry, "title", row["summary"])
        sub(entry, "updated", row["at"])
        link = urlencode({"supporter": row["supporter"], "recipient": row["recipient"]})
        sub(entry, "link", rel="alternate", href=f"{base}/evidence?{link}")
        sub(entry, "category", term=row["kind"])
        detail = (
            f"{row['summary']}. Supporter: {row['supporter']}; recipient: {row['recipient']};"
            f" type: {row['type']}; before: {row['before'] or '-'}; after: {row['after'] or '-'};"
            f" run {row['run']}."
        )
        sub(entry, "content", detail, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _named(name: str) -> ET.Element:
    el = ET.Element(f"{{{ATOM}}}name")
    el.text = name
    return el
