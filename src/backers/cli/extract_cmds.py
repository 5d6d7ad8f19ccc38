"""Commands of the extract stage: claims, explain, eval."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from backers.cli.common import DEFAULT_DB, DbOption, app, err, fail, open_store, out
from backers.cli.fuse_cmds import (
    ActorOpt,
    CertaintyOpt,
    ClaimantOpt,
    FromOpt,
    MinReliabilityOpt,
    MinSourcesOpt,
    NoStateMediaOpt,
    OutletOpt,
    Recipient,
    StatusOpt,
    Supporter,
    ToOpt,
    TypeOpt,
    build_filters,
    check_actors,
)
from backers.errors import BackersError
from backers.extract.contract import CONTRACT_KEYS, PROVENANCE_KEYS, row_to_contract
from backers.query.claims import all_claims
from backers.query.documents import latest_article
from backers.sources import label as rating_label

CERTAINTY_STYLE = {
    "confirmed": "bold green",
    "stated": "green",
    "assessed": "yellow",
    "alleged": "magenta",
    "denied": "red",
}
DEFAULT_CORPUS = (
    "../shared/seeds",
    "../shared/corpus/news.jsonl",
    "../shared/corpus/allsides-annotated.jsonl",
)


@app.command()
def claims(
    db: DbOption = DEFAULT_DB,
    supporter: Supporter = None,
    recipient: Recipient = None,
    actor: ActorOpt = None,
    type_: TypeOpt = None,
    status: StatusOpt = None,
    certainty: CertaintyOpt = None,
    claimant: ClaimantOpt = None,
    outlet: OutletOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    min_sources: MinSourcesOpt = None,
    min_reliability: MinReliabilityOpt = None,
    no_state_media: NoStateMediaOpt = False,
    doc: Annotated[str | None, typer.Option(help="Only claims read from this doc id.")] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="table, jsonl (the output contract) or csv."),
    ] = "table",
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many claims.")] = None,
) -> None:
    """List the stored support claims of the current version of each document, with the
    filters of `backers relations` (actor names resolved the same way: Kremlin, wagner).

    Example:  backers claims --supporter Iran --type arms --format jsonl
    """
    if fmt not in ("table", "jsonl", "csv"):
        fail(f"--format {fmt!r} is not one of table, jsonl, csv", code=2)
    flt = build_filters(
        supporter=supporter, recipient=recipient, actor=actor, type_=type_, status=status,
        certainty=certainty, claimant=claimant, outlet=outlet, date_from=date_from,
        date_to=date_to, min_sources=min_sources, doc_id=doc,
        min_reliability=min_reliability, no_state_media=no_state_media,
    )  # fmt: skip
    try:
        with open_store(db).read() as con:
            check_actors(con, flt)
            rows = all_claims(con, flt)
    except BackersError as error:
        fail(error)
    if limit:
        rows = rows[:limit]
    found = [row_to_contract(r) for r in rows]
    if fmt == "jsonl":
        for claim in found:
            out.print(json.dumps(claim, ensure_ascii=False), markup=False, highlight=False)
        return
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf,
            fieldnames=[*CONTRACT_KEYS, *PROVENANCE_KEYS, "extractor", "rules", "id", "correction"],
        )
        writer.writeheader()
        for claim in found:
            items, rules = "; ".join(claim["items"]), "; ".join(claim.get("rules") or [])
            fix = json.dumps(claim["correction"]) if claim.get("correction") else None
            writer.writerow({**claim, "items": items, "rules": rules, "correction": fix})
        out.print(buf.getvalue(), end="", markup=False, highlight=False)
        return
    table = Table(title=f"{len(found)} claims", show_lines=False)
    if not found:
        out.print("0 claims match; `backers relations` lists what is stored")
        return
    for column in ("id", "doc", "supporter", "recipient", "type", "status", "certainty"):
        table.add_column(column)
    table.add_column("claimant")
    table.add_column("items / sentence", overflow="fold", max_width=60)
    table.add_column("source", overflow="fold", max_width=30)
    for c, row in zip(found, rows, strict=True):
        table.add_row(
            c["id"] + (" (corrected)" if c.get("correction") else ""),
            escape(c["doc_id"]),
            escape(c["supporter"]),
            escape(c["recipient"]),
            c["type"],
            c["status"],
            Text(c["certainty"], style=CERTAINTY_STYLE.get(c["certainty"], "")),
            escape(c["claimant"] or "(outlet)"),
            escape(", ".join(c["items"]) or c["sentence"][:80]),
            escape(f"{row.get('outlet') or '?'} {rating_label(row.get('source_rating'))}"),
        )
    out.print(table)


@app.command()
def explain(
    doc_id: Annotated[str, typer.Argument(help="A stored document's doc id.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show an article with the sentences its claims were read from marked, and each claim
    under it, so you can check the machine's reading.

    Example:  backers explain kirby-iran-crimea-drones
    """
    try:
        with open_store(db).read() as con:
            found = latest_article(con, doc_id)
    except BackersError as error:
        fail(error)
    if found is None:
        fail(f"no document {doc_id!r} in {db}; list them with: backers docs", code=1)
        return
    article, rows = found
    out.print(f"[bold]{escape(article.title or article.doc_id)}[/]")
    meta = " · ".join(x for x in (article.outlet, article.published, article.url) if x)
    if meta:
        out.print(f"[dim]{escape(meta)}[/]")
    if article.meta.get("not_extracted"):
        out.print("[yellow]not extracted yet: run backers ingest without --no-extract[/]")
    by_start: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        by_start.setdefault((row["start"], row["end"]), []).append(row)
    for section in article.sections:
        if section.kind != "body":
            continue
        text = Text(article.text[section.start : section.end])
        notes: list[tuple[int, list[dict]]] = []
        for (start, end), group in sorted(by_start.items()):
            if section.start <= start < section.end:
                style = CERTAINTY_STYLE.get(group[0]["certainty"], "green")
                text.stylize(f"underline {style}", start - section.start, end - section.start)
                notes.append((end, group))
        out.print(text, end="" if not notes else "\n")
        for _, group in notes:
            for c in group:
                who = c["claimant"] or "outlet"
                out.print(
                    f"  [bold]→ {escape(c['supporter'])} ⇒ {escape(c['recipient'])}[/]"
                    f" {c['type']}/{c['status']}"
                    f" [{CERTAINTY_STYLE.get(c['certainty'], '')}]{c['certainty']}[/]"
                    f" by {escape(who)}"
                    + (f" items: {escape(', '.join(c['items']))}" if c["items"] else "")
                )
    out.print(f"\n[dim]{len(rows)} claims[/]")


@app.command("eval")
def eval_cmd(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (*.gold.jsonl).")],
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            "--corpus",
            help="Where texts of gold docs not in the store are read from (files, folders). "
            "Default: ../shared/seeds and ../shared/corpus/news.jsonl where present.",
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report.")] = False,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Figures only: no document's misses, extras or wrong attributions. Use it "
            "for a set kept for measuring (check), so nobody tunes to its sentences.",
        ),
    ] = False,
    by_rule: Annotated[
        bool,
        typer.Option(
            "--by-rule",
            help="Also print precision and recall per extraction rule and resolver "
            "(the rule ids stored with every claim), to find a bad rule by its numbers.",
        ),
    ] = False,
) -> None:
    """Score claims against gold: micro P/R/F1 of (supporter, recipient, type, status)
    tuples, the same at the pair, pair+type and pair+status levels, the state-level
    variant, claimant and certainty accuracy, and (unless --summary) each document's misses
    and extras. Stored claims are used where the store has the document; other documents
    are read from --corpus and extracted in memory.

    Example:  backers eval ../shared/eval/dev.gold.jsonl --corpus ../shared/corpus/news.jsonl
    Example:  backers eval ../shared/eval/check.gold.jsonl --summary --by-rule
    """
    from backers.eval import evaluate
    from backers.eval.run import find_articles, predict, read_gold

    for path in gold:
        if not path.is_file():
            fail(f"{path}: no such gold file", code=2)
    try:
        records = read_gold(gold)
    except (OSError, json.JSONDecodeError) as error:
        fail(f"cannot read gold: {error}", code=2)
    wanted = {r["doc"] for r in records}
    predicted: dict[str, list[dict]] = {}
    if db.exists():
        try:
            with open_store(db).read() as con:
                for doc_id in sorted(wanted):
                    found = latest_article(con, doc_id)
                    if found is not None and not found[0].meta.get("not_extracted"):
                        predicted[doc_id] = [row_to_contract(r) for r in found[1]]
        except BackersError as error:
            fail(error)
    missing = wanted - set(predicted)
    if missing:
        paths = corpus or [Path(p) for p in DEFAULT_CORPUS if Path(p).exists()]
        articles = find_articles(paths, missing) if paths else {}
        if articles:
            from backers.nlp import load_pipeline

            try:
                nlp = load_pipeline()
            except BackersError as error:
                fail(error)
            predicted.update(predict(list(articles.values()), nlp))
        for doc_id in sorted(missing - set(articles)):
            err.print(f"[yellow]warning:[/] no text for gold doc {escape(doc_id)}; scored as empty")
    report = evaluate(records, predicted)
    if as_json:
        data = report.as_dict(detail=not summary)
        if not by_rule:
            data.pop("rules", None)
        out.print(json.dumps(data, default=list), markup=False, highlight=False)
        return
    t, s = report.tuples, report.state_level
    out.print(f"documents: {len(records)}  matched tuples: {report.matched}")
    out.print(
        f"tuples       P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}"
        f"  (tp {t.tp}, fp {t.fp}, fn {t.fn})"
    )
    for name, level in report.levels.items():
        out.print(
            f"{name:<12} P {level.precision:.3f}  R {level.recall:.3f}  F1 {level.f1:.3f}"
            f"  (tp {level.tp}, fp {level.fp}, fn {level.fn})"
        )
    out.print(f"state-level  P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}")
    out.print(f"claimant accuracy  {report.claimant_accuracy:.3f}")
    out.print(f"certainty accuracy {report.certainty_accuracy:.3f}")
    if by_rule:
        gold_total = t.tp + t.fn
        out.print("\nrule or resolver               tp    fp   precision  recall")
        for rule in report.rules:
            row = rule.as_dict(gold_total)
            out.print(
                f"{escape(rule.rule):<28} {rule.tp:>5} {rule.fp:>5}   {row['precision']:.3f}"
                f"      {row['recall']:.3f}"
            )
    if summary:
        return
    for doc in report.docs:
        if not (doc.misses or doc.extras):
            continue
        out.print(f"\n[bold]{escape(doc.doc)}[/]  tp {doc.tp} fp {doc.fp} fn {doc.fn}")
        for tup in doc.misses:
            out.print(f"  [red]miss [/] {escape(' | '.join(tup))}")
        for tup in doc.extras:
            out.print(f"  [yellow]extra[/] {escape(' | '.join(tup))}")
