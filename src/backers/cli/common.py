"""What every command shares: the Typer app, the --db option, error reporting."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from backers import settings
from backers.errors import BackersError
from backers.store import Store

app = typer.Typer(
    name="backers",
    help=(
        "Who backs whom in armed conflicts, read from news articles, with sources.\n\n"
        "Start with:  backers ingest examples/  then  backers who-backs Russia"
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar=settings.DB.env,
        help=settings.DB.help,
        show_default=True,
    ),
]
DEFAULT_DB = Path(settings.DB.default)


def open_store(db: Path) -> Store:
    return Store(db)


def fail(error: BackersError | str, code: int = 1) -> None:
    """Print one line on stderr and exit non-zero."""
    err.print(f"[bold red]error:[/] {error}", markup=True)
    raise typer.Exit(code)
