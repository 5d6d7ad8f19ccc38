"""``backers serve --workers N``: N server processes on one port, each with its own snapshot.

uvicorn starts worker processes from an import string, not from an app object, so the
store's path reaches them through the environment. Each worker reads its own copy of the
store and publishes on its own (N copies per commit, each spaced as in
:mod:`backers.serve.snapshot`); the answers are the same, since every copy is a whole
committed state. More than one worker helps when the machine has a core to spare: one
Python process answers on one core at a time.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

DB_ENV = "BACKERS_SERVE_WORKER_DB"


def create() -> FastAPI:
    """The app of one worker process (uvicorn's factory)."""
    from backers.serve.app import create_app

    return create_app(os.environ[DB_ENV])
