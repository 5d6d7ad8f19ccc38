"""The ``backers`` command line: option plumbing over library calls, one module a stage.

Each ``*_cmds`` module registers its commands on ``app``; the library never prints.
"""

from __future__ import annotations

from backers.cli import correct_cmds as correct_cmds  # noqa: F401  (correct, corrections)
from backers.cli import extract_cmds, fuse_cmds, ingest_cmds, serve_cmds, web_cmds  # noqa: F401
from backers.cli.common import app


def main() -> None:
    app()


__all__ = ["app", "main"]
