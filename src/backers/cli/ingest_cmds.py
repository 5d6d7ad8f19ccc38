"""Commands of the ingest stage: ingest, docs, show, failures."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from backers.cli.common import DEFAULT_DB, DbOption, app, err, fail, open_store, out
from backers.errors import BackersError
from backers.store import row_dicts

SECTION_STYLE = {
    "title": "bold",
    "byline": "cyan",
    "body": "",
    "caption": "magenta",
    "comments": "yellow",
    "noise": "dim strike",
}


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date; use YYYY-MM-DD", code=2)
    return None


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders (read recursively), - for standard input, or http(s) URLs."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    urls: Annotated[
        str | None, typer.Option("--urls", help="File of page URLs to fetch, one a line.")
    ] = None,
    feed: Annotated[
        list[str] | None,
        typer.Option("--feed", help="RSS, Atom or JSON feed URL: its new entries (repeat)."),
    ] = None,
    sitemap: Annotated[
        list[str] | None, typer.Option("--sitemap", help="Sitemap URL: its new pages (repeat).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Date (YYYY-MM-DD) that relative dates such as '4 days ago' count back from; "
            "default: the record's retrieval date, else the file's modification time.",
        ),
    ] = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Only read and store the articles.")
    ] = False,
    model: Annotated[
        str | None, typer.Option("--model", help="spaCy pipeline to use (see README).")
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option("--batch-size", min=1, help="Documents per store transaction."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="Where the reading and extraction run: local (this process) or dask "
            "(worker processes, or the cluster given by --scheduler; see docs/dask.md).",
        ),
    ] = "local",
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes that read claims: a pool beside this one with --engine local "
            "(default 1: this process), the local Dask cluster with --engine dask "
            "(default: CPUs).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of a running Dask scheduler (tcp://host:8786) instead of a local "
            "cluster; implies --engine dask.",
        ),
    ] = None,
    shards: Annotated[
        str | None,
        typer.Option(
            "--shards",
            help="Folder (or object-store URI) where Dask workers write their Parquet shards; "
            "every worker and this machine must reach it (default: beside --db).",
        ),
    ] = None,
    keep_shards: Annotated[
        bool, typer.Option("--keep-shards", help="Keep the Parquet shards after loading.")
    ] = False,
) -> None:
    """Read articles (.txt, .html, .jsonl, gzipped, folders, stdin), clean them, read their
    support claims and store everything.

    Ingesting the same input again changes nothing. Bad inputs are reported on one line
    each, recorded (see `backers failures`) and skipped; the exit code is 1 when any
    input failed.

    Example:  `backers ingest examples/ news.jsonl.gz --db war.duckdb`

    On both cores of this machine:  `backers ingest big.jsonl.gz --workers 2`

    On a cluster:  `backers ingest big.jsonl --engine dask --scheduler tcp://host:8786`

    From the web:  `backers ingest https://example.org/story --feed https://example.org/rss`
    """
    from backers.cli import web_cmds

    paths, web_urls = web_cmds.split_urls(paths)  # the web half: backers.cli.web_cmds
    web_urls += web_cmds.read_url_file(urls) if urls else []
    web_status = 0
    if (web_urls or feed or sitemap) and (engine == "dask" or scheduler or shards or keep_shards):
        fail(
            "--engine dask reads files and folders; URLs, --urls, --feed and --sitemap are "
            "fetched by the local engine (run them without --engine dask)",
            code=2,
        )
    if web_urls or feed or sitemap:
        web_status = web_cmds.ingest_from_web(
            web_urls, feed or [], sitemap or [], db=db, as_of=_parse_date(as_of, "--as-of"),
            extract=not no_extract, model=model, batch_size=batch_size, quiet=quiet,
        )  # fmt: skip
        if not paths:
            raise typer.Exit(web_status)
    if not paths:
        fail("name files, folders, - or URLs to ingest; see backers ingest --help", code=2)
    from backers.ingest import count_inputs
    from backers.pipeline import ENGINES
    from backers.pipeline import ingest as run_ingest

    if scheduler:
        engine = "dask"
    if engine not in ENGINES:
        fail(f"--engine {engine!r} is not known; use one of: {', '.join(ENGINES)}", code=2)
    if engine == "local" and (shards or keep_shards):
        fail("--shards and --keep-shards apply to --engine dask", code=2)
    if engine == "dask" and "-" in paths:
        fail("--engine dask reads files and folders, not standard input (-)", code=2)
    store = open_store(db)
    total = None if "-" in paths else count_inputs(paths)
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} docs/s  {task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=False,
    )
    started = dt.datetime.now()
    shown_failures = 0

    with progress:
        task = progress.add_task("ingest", total=total, rate="0", failed=0)

        def on_progress(seen: int, failed: int) -> None:
            secs = max((dt.datetime.now() - started).total_seconds(), 1e-6)
            progress.update(task, completed=seen, rate=f"{seen / secs:.0f}", failed=failed)

        try:
            report = run_ingest(
                paths,
                store,
                as_of=_parse_date(as_of, "--as-of"),
                extract=not no_extract,
                model=model,
                batch_size=batch_size,
                progress=on_progress,
                engine=engine,
                workers=workers,
                scheduler=scheduler,
                shards=shards,
                keep_shards=keep_shards,
            )
        except BackersError as error:
            fail(error)
            return
    not_read = [f for f in report.failures if f.stage == "language"]  # stored, not read
    for failure in report.failures[shown_failures:]:
        label = "[yellow]not read:[/]" if failure.stage == "language" else "[red]failed:[/]"
        err.print(f"{label} {escape(failure.message)}")
    parts = [f"{report.stored} stored", f"{report.unchanged} unchanged"]
    if report.reextracted:
        parts.append(f"{report.reextracted} re-read by the new extractor")
    parts.append(f"{report.failed - len(not_read)} failed")
    if not_read:
        parts.append(f"{len(not_read)} not read (language without a pipeline)")
    line = ", ".join(parts)
    if report.failed:
        line += f" (backers failures --db {db})"
    out.print(escape(line))
    if not no_extract and (report.claims or report.stored or report.reextracted):
        counts = store.counts()
        line = (
            f"{report.claims} support claims read in this run; "
            f"the store holds {counts['documents']} documents and {counts['claims']} claims"
        )
        if "relations" in report.fuse:
            line += f", fused into {report.fuse['relations']} relations"
        out.print(line)
    if not no_extract:
        out.print(escape(_fusion_line(store, report.fuse.get("leftover", 0))))
    web_cmds.record_run_changes(store)
    if report.failed > len(not_read) or web_status:
        raise typer.Exit(1)


def _fusion_line(store, leftover: int) -> str:
    """When the relations were last fused, and whether an interrupted run's queue was."""
    from backers.fuse import outbox

    with store.read() as con:
        line = outbox.state_line(con)
    if leftover:
        line += f"; {leftover} articles an interrupted run had queued were fused first"
    return line


@app.command()
def docs(
    db: DbOption = DEFAULT_DB,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (exact).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Also older versions of changed articles.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Only this detected language (en, fr, ru...).")
    ] = None,
) -> None:
    """List stored documents, one tab-separated line each: doc_id, outlet, date, title.

    Made to pipe:  `backers docs --outlet Reuters | wc -l`
    """
    _parse_date(since, "--since")
    _parse_date(until, "--until")
    where, params = [], []
    if outlet:
        where.append("outlet = ?")
        params.append(outlet)
    if since:
        where.append("published >= ?")
        params.append(since)
    if until:
        where.append("published <= ?")
        params.append(until + "\uffff")
    if lang:
        where.append("json_extract_string(meta, '$.language') = ?")
        params.append(lang.strip().lower())
    if not all_versions:
        where.append(
            "version = (SELECT max(version) FROM documents d2 WHERE d2.doc_id = documents.doc_id)"
        )
    sql = "SELECT doc_id, outlet, published, title FROM documents"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY published NULLS LAST, doc_id"
    try:
        with open_store(db).read() as con:
            rows = con.execute(sql, params).fetchall()
    except BackersError as error:
        fail(error)
        return
    for doc_id, doc_outlet, published, title in rows:
        fields = [doc_id, doc_outlet or "-", published or "-", (title or "").replace("\t", " ")]
        print("\t".join(fields))


def find_document(con, doc: str) -> dict | None:
    """A document by article id or doc_id (the latest version)."""
    rows = row_dicts(
        con.execute(
            "SELECT * FROM documents WHERE id = ? OR doc_id = ? ORDER BY (id = ?) DESC,"
            " version DESC LIMIT 1",
            [doc, doc, doc],
        )
    )
    return rows[0] if rows else None


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="A doc_id (file name or JSONL id) or article id.")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stored record as JSON.")
    ] = False,
) -> None:
    """Show a document as the cleaner left it: every section labelled (title, byline, body,
    caption, comments, noise), so you can see what was kept and what was set aside.

    Example:  `backers show kirby-iran-crimea-drones`
    """
    try:
        with open_store(db).read() as con:
            row = find_document(con, doc)
    except BackersError as error:
        fail(error)
        return
    if row is None:
        fail(f"no document {doc!r} in {db}; list them with: backers docs --db {db}")
        return
    sections = json.loads(row["sections"]) if isinstance(row["sections"], str) else row["sections"]
    if as_json:
        row = dict(row, sections=sections)
        print(json.dumps(row, default=str, ensure_ascii=False, indent=2))
        return
    head = Table.grid(padding=(0, 2))
    for key in ("doc_id", "title", "outlet", "author", "published", "url", "source", "version"):
        value = row.get(key)
        if key == "published" and value:
            meta = row.get("meta")
            meta = json.loads(meta) if isinstance(meta, str) else (meta or {})
            source = meta.get("date_source")
            value = f"{value} ({row.get('published_precision')}" + (
                f"; {source})" if source else ")"
            )
        head.add_row(f"[bold]{key}[/]", escape(str(value if value is not None else "-")))
    out.print(head)
    text = row["text"]
    for sec in sections:
        chunk = text[sec["start"] : sec["end"]]
        if not chunk.strip():
            continue
        label = sec["kind"] + (f": {sec['label']}" if sec.get("label") else "")
        style = SECTION_STYLE.get(sec["kind"], "")
        out.print(f"\n[reverse] {escape(label)} [/]")
        out.print(escape(chunk.strip("\n")), style=style or None)


@app.command()
def failures(
    db: DbOption = DEFAULT_DB,
    code: Annotated[str | None, typer.Option(help="Only failures with this code.")] = None,
) -> None:
    """List recorded failures, one tab-separated line each: time, stage, code, source, message.

    Example:  `backers failures --code bad-json`
    """
    sql = "SELECT failed_at, stage, code, source, message FROM failures"
    params = []
    if code:
        sql += " WHERE code = ?"
        params.append(code)
    sql += " ORDER BY id"
    try:
        with open_store(db).read() as con:
            rows = con.execute(sql, params).fetchall()
    except BackersError as error:
        fail(error)
        return
    for at, stage, fcode, source, message in rows:
        print("\t".join([str(at)[:19], stage, fcode, source, message.replace("\n", " ")]))
