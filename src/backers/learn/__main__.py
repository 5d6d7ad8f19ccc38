"""``python -m backers.learn``: what ``make train`` runs (help and example: ``--help``)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from backers.cli.common import err, fail, out
from backers.errors import BackersError

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

CURVE = (0.2, 0.4, 0.6, 0.8, 1.0)


@app.command()
def train(
    gold: Annotated[list[Path], typer.Argument(help="Gold files to train on (*.gold.jsonl).")],
    corpus: Annotated[
        list[Path],
        typer.Option("--corpus", help="Where the gold documents' texts are (files, folders)."),
    ],
    cv: Annotated[
        str,
        typer.Option(help="The gold file (by name, without .gold.jsonl) cross-validated."),
    ] = "train",
    out_path: Annotated[
        Path, typer.Option("--out", help="Where the model (JSON) is written.")
    ] = Path("src/backers/data/models/retype.json"),
    report: Annotated[Path, typer.Option(help="Where the measurements (JSON) are written.")] = Path(
        "build/learn/report.json"
    ),
    curve: Annotated[
        bool, typer.Option(help="Also draw the learning curve (5 more cross-validations).")
    ] = True,
    grid: Annotated[
        bool,
        typer.Option(
            help="Also cross-validate every configuration the shipped one was chosen "
            "from (each head alone; all features or the compact set; C; margin): 36 runs."
        ),
    ] = False,
) -> None:
    """Train the learned re-typing of the rules' claims: run the rules over the gold
    documents, label their claims from the gold, cross-validate (5 folds of the --cv
    set, grouped by document: rules alone against rules + model), draw the learning curve,
    fit the model on everything and write it with its SHA-256. Deterministic.

    Example:  python -m backers.learn ../shared/eval/train.gold.jsonl
    ../shared/eval/dev.gold.jsonl --corpus ../shared/corpus/news.jsonl
    --corpus ../shared/corpus/allsides-annotated.jsonl
    """
    from backers.eval.run import find_articles, read_gold
    from backers.extract.learned import MODEL_SHA256, sha256_of
    from backers.learn.data import collect_claims, label
    from backers.learn.fit import PARAMS, dumps, fit
    from backers.learn.measure import cross_validate, table
    from backers.nlp import load_pipeline

    started = time.monotonic()
    sets: dict[str, list[dict]] = {}
    for path in gold:
        if not path.is_file():
            fail(f"{path}: no such gold file", code=2)
        try:
            sets[path.name.removesuffix(".gold.jsonl")] = read_gold([path])
        except (OSError, json.JSONDecodeError) as error:
            fail(f"{path}: cannot read gold: {error}", code=2)
    if cv not in sets:
        fail(f"--cv {cv}: not one of the gold files given ({', '.join(sets)})", code=2)
    for path in corpus:
        if not path.exists():
            fail(f"--corpus {path}: no such file or folder", code=2)
    records = {r["doc"]: r for recs in sets.values() for r in recs}
    articles = find_articles(corpus, set(records))
    missing = sorted(set(records) - set(articles))
    if missing:
        fail(f"no text in --corpus for {len(missing)} gold documents, e.g. {missing[0]}", code=2)
    err.print(f"reading {len(articles)} gold documents with the rules ...")
    try:
        claims = collect_claims(list(articles.values()), load_pipeline())
    except BackersError as error:
        fail(error)
    examples = [ex for doc, r in records.items() for ex in label(r, claims.get(doc, []))]
    labelled = sum(1 for ex in examples if ex.type_label is not None)
    err.print(f"{len(examples)} claims, {labelled} labelled ({_since(started)})")
    cv_docs = [r["doc"] for r in sets[cv]]
    always = [d for d in records if d not in set(cv_docs)]
    err.print(f"5-fold cross-validation on {cv} ({len(cv_docs)} documents) ...")
    measured = {"cv": table(cross_validate(records, examples, cv_docs, PARAMS, always))}
    if curve:
        measured["curve"] = {}
        for share in CURVE:
            err.print(f"learning curve: {share:.0%} of the training documents ...")
            scores = table(cross_validate(records, examples, cv_docs, PARAMS, always, share))
            measured["curve"][f"{share:.1f}"] = {
                "documents": round((len(cv_docs) * 4 / 5) * share) + len(always),
                "f1": scores["model"]["tuples"]["f1"],
                "rules_f1": scores["rules"]["tuples"]["f1"],
                "changes": scores["changes"],
            }
    if grid:
        measured["grid"] = _grid(records, examples, cv_docs, always)
    model = fit(examples, PARAMS)
    model["trained_on"] = {
        "documents": len(records),
        "claims": len(examples),
        "labelled": labelled,
        "sets": sorted(sets),
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(dumps(model), encoding="utf-8")
    digest = sha256_of(out_path)
    measured["sha256"] = digest
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(measured, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    _print(measured)
    out.print(f"model: {out_path} sha256 {digest} ({_since(started)}); report: {report}")
    if digest != MODEL_SHA256:
        err.print("the model changed: pin its new sha256 in backers/extract/learned.py")


def _grid(records: dict, examples: list, cv_docs: list[str], always: list[str]) -> list[dict]:
    """Cross-validated scores of each configuration tried (docs/model-card.md)."""
    from backers.learn.fit import SPARSE_GROUPS
    from backers.learn.measure import cross_validate, table

    rows = []
    for head in ("type", "status"):
        for features, drop in (("all", ()), ("compact", SPARSE_GROUPS)):
            for c in (0.3, 1.0, 3.0):
                for margin in (0.0, 0.3, 0.5):
                    p = {"c": c, "min_count": 2, "margin": margin, "drop": drop}
                    params = {"type": None, "status": None, head: p}
                    got = table(cross_validate(records, examples, cv_docs, params, always))
                    row = {"head": head, "features": features, "c": c, "margin": margin}
                    row |= {lvl: s["f1"] for lvl, s in got["model"].items()}
                    row["changes"] = got["changes"]
                    rows.append(row)
                    err.print(f"grid {row}")
    return rows


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.0f} s"


def _print(measured: dict) -> None:
    cv = measured["cv"]
    out.print("cross-validation    level        P      R      F1")
    for name in ("rules", "model"):
        for level, s in cv[name].items():
            out.print(
                f"{name:<19} {level:<11} {s['precision']:.3f}  {s['recall']:.3f}  {s['f1']:.3f}"
            )
    out.print(f"changes the model made: {cv['changes']}")
    for share, point in measured.get("curve", {}).items():
        out.print(
            f"curve {share}: {point['documents']} documents, F1 {point['f1']:.3f}"
            f" (rules {point['rules_f1']:.3f}), changes {point['changes']}"
        )


if __name__ == "__main__":
    app()
