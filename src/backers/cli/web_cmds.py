"""Commands of live ingest: watch (feeds and sitemaps, every hour or once for cron) and
changes (what the runs changed), and the web half of ``backers ingest`` (URLs, --urls,
--feed, --sitemap), which ``ingest_cmds`` hands over to :func:`ingest_from_web`."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from backers.cli.common import DEFAULT_DB, DbOption, app, err, fail, open_store, out
from backers.errors import BackersError

URL = re.compile(r"^https?://", re.I)
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.I)
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


# -- the web half of `backers ingest` ------------------------------------------------------
def split_urls(paths: list[str] | None) -> tuple[list[str], list[str]]:
    """(files and folders, http(s) URLs) of ``backers ingest``'s arguments."""
    paths = list(paths or [])
    return [p for p in paths if not URL.match(p)], [p for p in paths if URL.match(p)]


def read_url_file(path: str) -> list[str]:
    """URLs of a ``--urls`` file: one a line, blank lines and ``#`` comments skipped."""
    urls = []
    for line_no, line in enumerate(_lines(path, "--urls"), 1):
        text = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not text:
            continue
        if not URL.match(text):
            fail(f"{path}:{line_no}: {text[:80]!r} is not an http(s) URL", code=2)
        urls.append(text)
    return urls


def ingest_from_web(
    urls: list[str],
    feeds: list[str],
    sitemaps: list[str],
    *,
    db: Path,
    as_of: dt.date | None,
    extract: bool,
    model: str | None,
    batch_size: int | None,
    quiet: bool,
) -> int:
    """Run one web ingest and print its summary; the exit status it deserves (0 or 1)."""
    from backers.ingest.web import ingest_web

    for url in [*feeds, *sitemaps]:
        if not URL.match(url):
            fail(f"{url!r} is not an http(s) URL (--feed and --sitemap take URLs)", code=2)
    report = _run(
        lambda progress: ingest_web(
            open_store(db),
            urls=urls,
            feeds=feeds,
            sitemaps=sitemaps,
            extract=extract,
            model=model,
            batch_size=batch_size,
            as_of=as_of,
            progress=progress,
        ),
        quiet,
    )
    _print_report(report, db)
    return 1 if report.failed else 0


# -- watch ---------------------------------------------------------------------------------
def read_watch_file(path: str) -> tuple[list[str], list[str]]:
    """(feeds, sitemaps) of a watch file: one URL a line (a feed), or ``sitemap URL``."""
    feeds, sitemaps = [], []
    for line_no, line in enumerate(_lines(path, "FEEDS"), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        words = text.split()
        kind, url = ("sitemap", words[1]) if words[0].lower() == "sitemap" else ("feed", words[0])
        if len(words) > (2 if kind == "sitemap" else 1) or not URL.match(url):
            fail(
                f"{path}:{line_no}: expected a feed URL or 'sitemap URL', not {text[:80]!r}",
                code=2,
            )
        (sitemaps if kind == "sitemap" else feeds).append(url)
    if not feeds and not sitemaps:
        fail(f"{path}: no feed or sitemap URL in the file", code=2)
    return feeds, sitemaps


def parse_every(value: str) -> float:
    """Seconds in ``30s``, ``15m``, ``1h``, ``1d`` (a bare number is seconds)."""
    found = DURATION.match(value or "")
    seconds = float(found.group(1)) * UNITS[(found.group(2) or "s").lower()] if found else 0
    if seconds < 1:
        fail(f"--every {value!r} is not a duration of at least 1s; e.g. 15m, 1h, 1d", code=2)
    return seconds


@app.command()
def watch(
    feeds_file: Annotated[
        str,
        typer.Argument(
            metavar="FEEDS", help="File of feed URLs, one a line ('sitemap URL' for a sitemap)."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    every: Annotated[
        str, typer.Option("--every", help="Time between runs: 30s, 15m, 1h, 1d.")
    ] = "1h",
    once: Annotated[bool, typer.Option("--once", help="One run, then exit (for cron).")] = False,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Only fetch and store the articles.")
    ] = False,
    model: Annotated[
        str | None, typer.Option("--model", help="spaCy pipeline to use (see README).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Fetch the new entries of feeds and sitemaps, read them and store them, again and
    again; after every run, print one line and record what changed (`backers changes`).

    Polite: robots.txt honoured, one host asked at most every BACKERS_HOST_DELAY seconds,
    conditional requests (ETag, Last-Modified). Killing it at any moment loses nothing:
    the next run resumes. Exit status of `--once`: 1 when a page failed.

    Example:  `backers watch feeds.txt --every 1h --db war.duckdb`

    From cron:  `backers watch feeds.txt --once --quiet`
    """
    from backers.ingest.web import WebConfig, ingest_web

    seconds = parse_every(every)
    feeds, sitemaps = read_watch_file(feeds_file)
    try:
        config = WebConfig.from_env()  # a bad setting stops here, not at every run
    except BackersError as error:
        fail(error, code=2)
    while True:
        started = time.monotonic()
        try:
            report = _run(
                lambda progress: ingest_web(
                    open_store(db),
                    feeds=feeds,
                    sitemaps=sitemaps,
                    config=config,
                    extract=not no_extract,
                    model=model,
                    progress=progress,
                ),
                quiet,
                stop=once,
            )
        except KeyboardInterrupt:
            err.print("stopped; the next run resumes where this one was")
            raise typer.Exit(130) from None
        if report is not None:
            for failure in report.failures:
                if failure.stage != "language":
                    err.print(f"[red]failed:[/] {escape(failure.message)}")
            out.print(escape(report.line()))
        if once:
            raise typer.Exit(1 if report.failed else 0)
        try:
            time.sleep(max(0.0, seconds - (time.monotonic() - started)))
        except KeyboardInterrupt:
            raise typer.Exit(0) from None


# -- changes -------------------------------------------------------------------------------
@app.command()
def changes(
    db: DbOption = DEFAULT_DB,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Recorded on or after YYYY-MM-DD or an ISO date-time (UTC)."),
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only changes where this actor gives or receives.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="Only this kind (repeat): new-supporter, new-relation, status, denial, "
            "confidence.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """What the runs changed: new relations and new supporters of an actor, status changes
    (pledged -> delivered), new denials, confidence crossing 0.5. Newest first, one
    tab-separated line each: time, kind, supporter, recipient, type, summary.

    Example:  `backers changes --since 2026-12-01 --actor Russia`
    """
    from backers.query.changes import KINDS, list_changes, parse_since

    try:
        moment = parse_since(since)
    except (ValueError, OverflowError):
        fail(f"--since {since!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM", code=2)
        return
    bad = [k for k in kind or [] if k not in KINDS]
    if bad:
        fail(f"--kind {bad[0]!r} is not known; use one of: {', '.join(KINDS)}", code=2)
    try:
        with open_store(db).read() as con:
            found = list_changes(con, since=moment, actor=actor, kinds=kind, limit=limit)
    except BackersError as error:
        fail(error)
        return
    for row in found["items"]:
        if as_json:
            print(json.dumps(row, ensure_ascii=False, default=str))
        else:
            fields = [row["at"], row["kind"], row["supporter"], row["recipient"], row["type"]]
            print("\t".join([*fields, row["summary"].replace("\t", " ")]))


# -- shared --------------------------------------------------------------------------------
def _lines(path: str, what: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        fail(f"{path}: no such file ({what})", code=2)
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read ({what}): {exc}", code=2)
    return []


def _run(call, quiet: bool, stop: bool = True):
    """Run ``call(progress)`` under a progress bar. A BackersError (a locked store, a bad
    setting) is one line, then exit 1 or, for a watch that goes on (``stop=False``), None:
    the next run tries again."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    with progress:
        task = progress.add_task("fetch", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            return call(on_progress)
        except BackersError as error:
            if stop:
                fail(error)
            err.print(f"[bold red]error:[/] {escape(str(error))}; trying again at the next run")
    return None


def _print_report(report, db: Path) -> None:
    for failure in report.failures:
        label = "[yellow]not read:[/]" if failure.stage == "language" else "[red]failed:[/]"
        err.print(f"{label} {escape(failure.message)}")
    parts = [f"{report.stored} stored", f"{report.unchanged} unchanged", f"{report.failed} failed"]
    not_read = sum(report.not_read.values())
    if not_read:
        langs = ", ".join(f"{name} {n}" for name, n in sorted(report.not_read.items()))
        parts.append(f"{not_read} not read ({langs}: no pipeline for the language)")
    line = ", ".join(parts)
    if report.failed or not_read:
        line += f" (backers failures --db {db})"
    out.print(escape(line))
    if report.claims or report.changes:
        out.print(f"{report.claims} support claims read; {report.changes} changes recorded")


def record_run_changes(store) -> None:
    """After a file ingest too: record what it changed (``backers changes``)."""
    from backers.ingest.web import record_changes

    try:
        record_changes(store)
    except BackersError as error:
        err.print(f"[yellow]changes not recorded:[/] {escape(str(error))}")
