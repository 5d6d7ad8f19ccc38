"""Corrections over the web: the list (a read, always on) and the write route (off unless
the server was started with ``--allow-edits`` and a token).

A write is safe from other sites (CSRF) and from anyone without the token:

- the token travels in the ``X-Backers-Token`` header, compared in constant time; a page
  of another site cannot set that header on a request here without a CORS preflight, which
  this server never grants, and it cannot read the token out of our pages (none holds it:
  the user types it into the form, and the form keeps it in the tab's sessionStorage);
- the body must be JSON (``Content-Type: application/json``: no HTML form can send it);
- a request whose ``Origin`` is not this server's own, or that the browser marks as
  cross-site (``Sec-Fetch-Site``), is refused before the token is even looked at.

The write itself is :func:`backers.store.corrections.apply` (the correction and fusion of
the touched pairs) inside :func:`backers.serve.snapshot.write` (the store's write lock, one
transaction, then a fresh snapshot published), so the next read sees the correction.
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Body, Depends, FastAPI, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from backers.errors import BackersError, StoreError
from backers.query.corrections import CLEARABLE, CORRECTABLE, STATES, list_corrections
from backers.serve import snapshot
from backers.serve.api import read
from backers.serve.errors import ApiError
from backers.serve.params import MAX_TEXT, strict
from backers.store.corrections import MAX_NOTE, apply
from backers.store.corrections import Request as Correction

TOKEN_HEADER = "X-Backers-Token"
MIN_TOKEN = 12
# One write at a time in this process (requests run in a thread pool).
_WRITING = threading.Lock()

router = APIRouter(tags=["corrections"], dependencies=[Depends(strict)])


class CorrectionBody(BaseModel):
    """What the evidence panel's form sends. Unknown fields are an error (strict)."""

    model_config = ConfigDict(extra="forbid")

    action: Annotated[str, Field(pattern="^(correct|reject|undo)$")] = "correct"
    supporter: Annotated[str | None, Field(max_length=MAX_TEXT)] = None
    recipient: Annotated[str | None, Field(max_length=MAX_TEXT)] = None
    type: Annotated[str | None, Field(max_length=40)] = None
    status: Annotated[str | None, Field(max_length=40)] = None
    certainty: Annotated[str | None, Field(max_length=40)] = None
    # "" clears the claimant or its affiliation (the outlet's own voice); [] the items
    claimant: Annotated[str | None, Field(max_length=MAX_TEXT)] = None
    claimant_affiliation: Annotated[str | None, Field(max_length=MAX_TEXT)] = None
    items: Annotated[list[Annotated[str, Field(max_length=200)]] | None, Field(max_length=50)] = (
        None
    )
    note: Annotated[str | None, Field(max_length=MAX_NOTE)] = None
    by: Annotated[str | None, Field(max_length=100)] = None
    new_actor: bool = False


def check_token(token: str | None) -> str | None:
    """The token to require, or None when edits are off. Raises ValueError when it is too
    short to be a secret."""
    if token is None:
        return None
    token = token.strip()
    if len(token) < MIN_TOKEN:
        raise ValueError(f"the edit token must be at least {MIN_TOKEN} characters")
    return token


def enable(app: FastAPI, token: str) -> None:
    """Turn writing on for ``app`` with ``token`` (``backers serve --allow-edits``)."""
    app.state.edit_token = check_token(token)
    app.state.templates.env.globals["edits_enabled"] = True


def install(app: FastAPI) -> None:
    """Register the routes; writing stays off until :func:`enable`."""
    app.state.edit_token = None
    app.include_router(router)


def _same_origin(request: Request) -> None:
    """Refuse a request another site's page made (CSRF), whatever it carries."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise ApiError(403, "cross-origin", f"refused: a {site} request cannot write")
    origin = request.headers.get("origin")
    if origin is not None:
        host = request.headers.get("host", "")
        parts = urlsplit(origin)
        if origin == "null" or parts.netloc != host or parts.scheme != request.url.scheme:
            raise ApiError(403, "cross-origin", "refused: the request comes from another origin")


def authorised(request: Request) -> None:
    """Refuse a write unless edits are on, it comes from our own pages, it carries the
    token and it is JSON."""
    token = request.app.state.edit_token
    if token is None:
        raise ApiError(
            403,
            "edits-off",
            "editing is off: start the server with --allow-edits and --edit-token"
            " (or BACKERS_EDIT_TOKEN)",
        )
    _same_origin(request)
    given = request.headers.get(TOKEN_HEADER.lower(), "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(403, "bad-token", f"a write needs the server's edit token in {TOKEN_HEADER}")
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ApiError(415, "not-json", "send the correction as application/json")


@router.post(
    "/api/claims/{claim_id}/corrections",
    status_code=201,
    # A dependency runs before the body is read: a request without the token is refused
    # whatever it sends.
    dependencies=[Depends(authorised)],
)
def post_correction(
    request: Request,
    claim_id: Annotated[str, Path(max_length=64)],
    body: Annotated[CorrectionBody, Body()],
) -> dict[str, Any]:
    """Correct or reject one claim (``action``: correct, reject, undo). Needs the server
    started with ``--allow-edits`` and the token in the ``X-Backers-Token`` header."""
    values = {k: getattr(body, k) for k in CORRECTABLE}
    req = Correction(
        claim_id=claim_id,
        action=body.action,
        # an empty supporter, recipient, type, status or certainty is "not changed"; an
        # empty claimant, affiliation or item list says "none"
        changes={
            k: v
            for k, v in values.items()
            if v is not None and (k in CLEARABLE or k == "items" or v.strip())
        },
        note=body.note,
        author=body.by,
        new_actor=body.new_actor,
    )
    return write(request, req)


def write(request: Request, req: Correction) -> dict[str, Any]:
    """Write one correction through the server's one write path
    (:func:`backers.serve.snapshot.write`: the store's write lock, one transaction, then a
    snapshot published before this returns, so the next read sees it)."""
    try:
        with _WRITING, snapshot.write(request.app.state) as con:
            result = apply(con, req)
    except StoreError:
        raise  # the app's handlers: 503 while another writer holds the store
    except BackersError as error:
        status = 404 if error.code == "unknown-claim" else 400
        raise ApiError(status, error.code, str(error)) from error
    result.pop("articles", None)
    return result


@router.get("/api/corrections")
def get_corrections(
    request: Request,
    state: Annotated[str | None, Query(max_length=20)] = None,
    history: bool = False,
) -> Any:
    """Every correction in force (``history``: ever made), each with its state: applied,
    rejected, or orphaned when no claim of the current text matches it any more."""
    if state is not None and state not in STATES:
        raise ApiError(400, "bad-parameter", f"state must be one of {', '.join(STATES)}")
    rows = read(request, lambda con: list_corrections(con, history=history, state=state))
    return {"total": len(rows), "corrections": rows}


@router.get("/edits/form", include_in_schema=False)
def correction_form(request: Request) -> Response:
    """The correction form (a template partial) the evidence panel's script clones for
    each claim; nothing (204) when editing is off, so the panel shows no form (a 404
    would be logged as an error in the browser's console)."""
    if request.app.state.edit_token is None:
        return Response(status_code=204)
    from backers.serve.payloads import vocabularies

    return request.app.state.templates.TemplateResponse(
        request, "_correct_form.html", {"vocab": vocabularies()}
    )
