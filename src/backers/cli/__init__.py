"""The ``backers`` command line: option plumbing over library calls, one module a stage.

Each ``*_cmds`` module registers its commands on ``app``; the library never prints.
"""

from __future__ import annotations

from backers.cli import (  # noqa: F401
    amounts_cmds,  # noqa: F401  (backers amounts)
    extract_cmds,
    fuse_cmds,
    ingest_cmds,
    serve_cmds,
    web_cmds,
)
from backers.cli.common import app


def main() -> None:
    app()


__all__ = ["app", "main"]
