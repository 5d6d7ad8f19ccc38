"""``backers serve``: the web pages and JSON API over a store, or one request with --get."""

from __future__ import annotations

from typing import Annotated

import typer

from backers import settings
from backers.cli.common import DEFAULT_DB, DbOption, app, err, fail, out
from backers.errors import BackersError


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_edits: Annotated[
        bool,
        typer.Option(
            "--allow-edits",
            help="Let the evidence panel correct and reject claims (needs --edit-token).",
        ),
    ] = False,
    edit_token: Annotated[
        str | None,
        typer.Option(
            "--edit-token",
            envvar=settings.EDIT_TOKEN.env,
            help="The secret a browser must send to write (12 characters or more).",
        ),
    ] = None,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log/--no-access-log",
            help="Print one line per request (off by default: under load the lines cost"
            " more than the answers, which come from memory).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=16,
            help="Server processes on the port, each with its own snapshot (one answers on"
            " one core at a time; more help when the machine has cores to spare).",
        ),
    ] = 1,
    get: Annotated[
        str | None,
        typer.Option(
            "--get",
            metavar="PATH",
            help="Answer one request, e.g. '/api/relations?supporter=Iran', print it and exit"
            " (no server). Exit status 1 when the answer is an error.",
        ),
    ] = None,
) -> None:
    """Serve the network of who backs whom, the evidence pages and the JSON API (docs at
    /docs). Read-only: an ingest can write the same store while it runs.

    Example:  `backers serve --db war.duckdb`  then open http://127.0.0.1:8000/

    Without a server:  `backers serve --get "/api/relations?recipient=Russia"`

    With corrections from the evidence panel:
    `BACKERS_EDIT_TOKEN=$(openssl rand -hex 16) backers serve --allow-edits`
    """
    if not db.exists():
        fail(f"{db}: no store here yet; run `backers ingest PATH --db {db}` first")
    from backers.serve.app import create_app

    try:
        application = create_app(db)
    except BackersError as error:
        fail(error)
        return
    if allow_edits and workers > 1:
        fail("--allow-edits runs in one server process: leave out --workers", code=2)
    if allow_edits:
        from backers.cli.correct_cmds import enable_edits

        enable_edits(application, edit_token, host)
    if get is not None:
        from fastapi.testclient import TestClient

        if not get.startswith("/"):
            fail("--get takes a path that starts with /, e.g. /api/actors")
        with TestClient(application, raise_server_exceptions=False) as client:
            response = client.get(get, headers={"Accept": "application/json"})
        out.print(response.text, markup=False, highlight=False, soft_wrap=True)
        if response.status_code >= 400:
            raise typer.Exit(1)
        return
    import uvicorn

    if not application.state.templates.env.globals["dist_ready"]:
        err.print(
            "warning: the network page's scripts are not built (run `make`); the pages"
            " still list every relation, and the API works"
        )
    out.print(f"backers: serving {db} at http://{host}:{port}/  (API docs: /docs)")
    options = {"host": host, "port": port, "log_level": "info", "access_log": access_log}
    if workers == 1:
        uvicorn.run(application, **options)
        return
    import os

    from backers.serve.workers import DB_ENV

    application.state.snapshots.close()  # checked it opens; each worker opens its own
    os.environ[DB_ENV] = str(db.resolve())
    # A worker copies the store before it answers: on a busy machine that is more than
    # uvicorn's 5 s health check allows, after which it kills the worker and starts another.
    uvicorn.run(
        "backers.serve.workers:create",
        factory=True,
        workers=workers,
        timeout_worker_healthcheck=120,
        **options,
    )
