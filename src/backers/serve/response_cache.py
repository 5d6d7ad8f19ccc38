"""Whole responses kept per snapshot, sent without going through FastAPI.

Every answer of the API and the pages is a function of the request's path, its query, the
few headers that choose a representation, and the store's state; the store's state is the
snapshot's ``generation`` (:mod:`backers.serve.snapshot`). So a response computed once is
sent again, byte for byte, to every request that asks the same question before the next
publication. Measured under 32 concurrent clients, routing, dependency solving and the
middleware stack were about half of what the server's one event loop spent per request
that was already answered from the snapshot's memory; this skips all of it.

Kept: GET answers with status 200, 400 or 404 in one body (no streaming) of at most
``MAX_BODY`` bytes, for paths outside ``/static`` and the exports, unless the response says
``Cache-Control: no-store`` (what a route sets when its answer depends on anything else
than the request and the store). A request with a conditional or range header goes
through the app. At most ``MAX_ENTRIES`` responses; a new generation starts empty.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1 << 20
MAX_ENTRIES = 1024
CACHED_STATUS = frozenset({200, 400, 404})
# Headers that change the answer to the same path and query: they are part of the key.
VARY = (b"accept", b"host")
# Requests that ask for something else than the plain answer: never answered from here.
BYPASS = frozenset({b"if-none-match", b"if-modified-since", b"range", b"authorization"})
SKIP_PREFIXES = ("/static", "/api/export")


class Responses:
    """The responses kept for one generation (``app.state.responses``; ``clear()`` after
    changing what the app renders without a new snapshot, as tests do)."""

    def __init__(self, generation: Callable[[], int | None]) -> None:
        self.generation = generation
        self.gen: int | None = None
        self.entries: dict[tuple, tuple[int, list, bytes]] = {}
        self.hits = 0

    def clear(self) -> None:
        self.gen, self.entries = None, {}


class ResponseCache:
    """ASGI middleware: see the module docstring. ``responses.generation()`` names the
    store's state; None (an in-memory store, or answers not remembered) turns it off."""

    def __init__(self, app: ASGIApp, responses: Responses) -> None:
        self.app = app
        self.responses = responses

    def _key(self, scope: Scope) -> tuple | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = scope["path"]
        if path.startswith(SKIP_PREFIXES):
            return None
        wanted = []
        for name, value in scope["headers"]:
            if name in BYPASS:
                return None
            if name in VARY:
                wanted.append((name, value))
        where = (scope.get("scheme"), scope.get("root_path", ""))
        return (path, scope["query_string"], where, tuple(sorted(wanted)))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kept = self.responses
        generation = kept.generation()
        key = None if generation is None else self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        if generation != kept.gen:
            kept.gen, kept.entries = generation, {}
        entries = kept.entries
        found = entries.get(key)
        if found is not None:
            kept.hits += 1
            status, headers, body = found
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict = {}
        chunks: list[bytes] = []
        whole = True

        async def keep(message: Message) -> None:
            nonlocal whole
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                if message.get("more_body", False) or chunks:
                    whole = False
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)
        body = b"".join(chunks) if whole else b""
        if (
            whole
            and start.get("status") in CACHED_STATUS
            and len(body) <= MAX_BODY
            and kept.generation() == generation  # not published meanwhile: of this state
            and not _no_store(start.get("headers", []))
            and len(entries) < MAX_ENTRIES
        ):
            entries[key] = (start["status"], list(start.get("headers", [])), body)


def _no_store(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"cache-control" and b"no-store" in v.lower() for k, v in headers)
