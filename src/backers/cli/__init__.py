"""The ``backers`` command line: option plumbing over library calls, one module a stage.

Each ``*_cmds`` module registers its commands on ``app``; the library never prints.
"""

from __future__ import annotations

from backers.cli import correct_cmds as correct_cmds  # noqa: F401  (correct, corrections)
from backers.cli import (  # noqa: F401
    extract_cmds,
    fuse_cmds,
    ingest_cmds,
    search_cmds,  # noqa: F401  (backers search)
    serve_cmds,
    web_cmds,
)
from backers.cli.common import app

# isort: off
from backers.cli import amounts_cmds  # noqa: F401, E402  (backers amounts)
# isort: on


def main() -> None:
    app()


__all__ = ["app", "main"]
