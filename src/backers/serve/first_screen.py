"""The answers a server computes before its first request: the network page as it opens.

Every later snapshot is warmed with the answers most asked on the one before
(:meth:`backers.serve.snapshot.Snapshots._warm`); the first has no history, so the first
person to open the page would pay for the whole-store ranking and the cold reads of the
1M-claim store. These recipes are what that person asks for (the home page and its JSON),
keyed exactly as :func:`backers.serve.api.read` and :func:`backers.serve.api.answer` key
them for a request with no query.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import duckdb

from backers.query.filters import Filters
from backers.serve import payloads
from backers.serve.api import encode
from backers.serve.graph_params import View


def _home(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return payloads.network_view(con, Filters(), View())


def _home_json(con: duckdb.DuckDBPyConnection) -> bytes:
    return encode(_home(con))


def compile_templates(env: Any) -> None:
    """Compile every page template now (Jinja compiles one when it is first rendered), so
    the first visitor of a page does not wait for it."""
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


def recipes() -> list[tuple[Hashable, Callable[[duckdb.DuckDBPyConnection], Any]]]:
    """``(key, compute)`` of the answers to compute on a server's first snapshot."""
    return [(("data", "/", ""), _home), (("json", "/api/graph", ""), _home_json)]
