"""The FastAPI app: the API, the pages, static files, the error shape and the headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backers import settings
from backers.serve import amounts, api, docs, errors, feeds, pages, search_routes
from backers.serve import edits as edits
from backers.serve import first_screen as first_screen
from backers.serve.response_cache import ResponseCache, Responses
from backers.serve.snapshot import Snapshots
from backers.store import Store

HERE = Path(str(resources.files("backers.serve")))

# Scripts only from our own static files: no inline script, no CDN, no eval. Data reaches
# the pages as JSON (inert) and is drawn with textContent, so a hostile article stays text.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """Adds the security headers to every response. Plain ASGI: Starlette's
    ``BaseHTTPMiddleware`` costs a task and a stream copy per request, a large share of a
    request answered from the snapshot's memory."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def safe_url(url: Any) -> str | None:
    """A link target only for http(s) URLs: ``javascript:`` and friends become no link."""
    if not isinstance(url, str):
        return None
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("http://", "https://")) else None


def page_url(request: Request, offset: int) -> str:
    """The current page's URL at another offset, keeping every other parameter."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    return "?" + urlencode([*items, ("offset", str(offset))])


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape for .html
    env = templates.env
    env.filters["safe_url"] = safe_url
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.globals["page_url"] = page_url
    env.globals["dist_ready"] = (HERE / "static" / "dist" / "network.js").exists()
    return templates


def generation(snapshots: Snapshots | None) -> int | None:
    """What whole responses are kept under: the snapshot's generation, or None (keep
    none) for an in-memory store or when answers are not remembered (benchmarks)."""
    if snapshots is None or not snapshots.remember:
        return None
    return snapshots.generation


def create_app(db_path: str | Path) -> FastAPI:
    """The app over the store at ``db_path``, read through snapshots of it.

    Settings the requests depend on are checked here, so a bad value stops the server at
    start with one clear line instead of answering every request with a 500."""
    settings.as_int(settings.MAX_PAGE_SIZE)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if app.state.snapshots is not None:
            app.state.snapshots.close()

    app = FastAPI(
        lifespan=lifespan,
        title="backers",
        summary="Who backs whom in armed conflicts, with the sentences behind every claim.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = Store(db_path)
    # Requests read a snapshot of the file (backers.serve.snapshot); an in-memory store
    # (tests) is read directly.
    app.state.snapshots = None if str(db_path) == ":memory:" else Snapshots(app.state.store)
    app.state.templates = make_templates()
    first_screen.compile_templates(app.state.templates.env)  # not on the first request

    def render_error(request: Request, status: int, body: dict) -> Response:
        return app.state.templates.TemplateResponse(
            request, "error.html", {"data": body, "query": ""}, status_code=status
        )

    errors.install(app, render_error)
    app.add_middleware(SecurityHeaders)
    # Outermost: whole responses per snapshot generation (backers.serve.response_cache).
    app.state.responses = Responses(lambda: generation(app.state.snapshots))
    app.add_middleware(ResponseCache, responses=app.state.responses)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(feeds.router)  # /api/changes, /feeds/changes.atom
    app.include_router(search_routes.router)  # /api/search, /search
    app.include_router(pages.router)
    app.include_router(amounts.router)  # /amounts, /api/amounts
    edits.install(app)  # /api/corrections; writes only after edits.enable (--allow-edits)
    docs.install(app)
    return app
