"""One error shape for every failure, from a bad parameter to a bug.

Clients (and the pages' own scripts) handle ``{"error": {"status", "code", "message"}}``
and nothing else, so every path that can fail is routed here: our own :class:`ApiError`,
Starlette's 404/405, FastAPI's validation errors and any unexpected exception.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backers.errors import StoreError, StoreLocked

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "too-large",
    500: "internal",
    503: "unavailable",
}


class ApiError(Exception):
    """An error the client can act on: ``code`` is stable, ``message`` says the fix."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


def _wants_html(request: Request) -> bool:
    """Pages answer errors as HTML to a browser; the API and ``.json`` always as JSON."""
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json") or path.startswith("/static/"):
        return False
    if request.query_params.get("format") == "json":
        return False
    return "text/html" in request.headers.get("accept", "")


def install(app: FastAPI, render_html: Any) -> None:
    """Register the handlers; ``render_html(request, status, body)`` draws a page error."""

    def respond(request: Request, status: int, code: str, message: str) -> Response:
        body = error_body(status, code, message)
        if _wants_html(request):
            return render_html(request, status, body)
        return JSONResponse(body, status_code=status)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        if status == 404 and exc.detail == "Not Found":
            message = f"nothing at {request.url.path}; the API is listed at /docs"
        else:
            message = str(exc.detail)
        return respond(request, status, HTTP_CODES.get(status, "error"), message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        return respond(request, 400, "bad-parameter", "; ".join(problems) or "invalid request")

    @app.exception_handler(StoreLocked)
    async def locked(request: Request, exc: StoreLocked) -> Response:
        return respond(request, 503, "locked", "the store is busy being written; try again")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error: %s", exc)
        return respond(request, 500, "store", f"the store cannot be read ({exc.code})")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Details go to the log, not to the client: they may name files or SQL.
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, "internal", "unexpected error; see the server log")
