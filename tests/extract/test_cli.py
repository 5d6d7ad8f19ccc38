"""claims, explain and eval as a user runs them, over a store built by hand (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backers.cli import app
from backers.extract import EXTRACTOR_VERSION
from backers.records import BODY, Article, Claim, Section
from backers.store import Store

runner = CliRunner()
TEXT = "Canada sent artillery shells to Estonia. Norway pledged tanks to Latvia."


def _claim(article: Article, supporter: str, recipient: str, status: str, start: int, end: int):
    return Claim(
        doc_id=article.doc_id,
        supporter=supporter,
        recipient=recipient,
        type="arms",
        status=status,
        certainty="stated",
        claimant=None,
        claimant_affiliation=None,
        sentence=article.text[start:end],
        start=start,
        end=end,
        items=["artillery shells"],
        extractor=EXTRACTOR_VERSION,
        rules=["verb.give"],
    )


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "claims.duckdb"
    article = Article(
        "doc-a",
        TEXT,
        [Section(BODY, 0, len(TEXT))],
        "test",
        title="Aid",
        outlet="Example Wire",
        url="https://example.org/aid",
        published="2023-01-20",
        published_precision="day",
        meta={"date_source": "record"},
    )
    claims = [
        _claim(article, "Canada", "Estonia", "delivered", 0, 40),
        _claim(article, "Norway", "Latvia", "pledged", 41, len(TEXT)),
    ]
    store = Store(path)
    store.init()
    store.write_batch([article], {article.id: claims}, extractor=EXTRACTOR_VERSION)
    return path


def test_claims_jsonl_is_the_contract(store_path):
    result = runner.invoke(app, ["claims", "--db", str(store_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["supporter"], r["recipient"], r["status"]) for r in rows] == [
        ("Canada", "Estonia", "delivered"),
        ("Norway", "Latvia", "pledged"),
    ]
    assert {"doc_id", "certainty", "claimant", "items", "start", "end"} <= set(rows[0])


def test_claims_carry_their_provenance_and_rules(store_path):
    """A researcher cites the outlet, the date with its precision and the URL; the rule ids
    say which pattern read the claim."""
    result = runner.invoke(app, ["claims", "--db", str(store_path), "--format", "jsonl"])
    row = json.loads(result.output.splitlines()[0])
    assert row["outlet"] == "Example Wire"
    assert row["url"] == "https://example.org/aid"
    assert row["published"].startswith("2023-01-20")
    assert row["published_precision"] == "day"
    assert row["date_source"] == "record"
    assert row["rules"] == ["verb.give"]
    csv_out = runner.invoke(app, ["claims", "--db", str(store_path), "--format", "csv"])
    header = csv_out.output.splitlines()[0].split(",")
    assert {"outlet", "url", "published", "published_precision", "date_source"} <= set(header)


def test_claims_filters(store_path):
    result = runner.invoke(
        app, ["claims", "--db", str(store_path), "--format", "csv", "--status", "pledged"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and "Norway" in lines[1]


def test_claims_rejects_unknown_format(store_path):
    result = runner.invoke(app, ["claims", "--db", str(store_path), "--format", "xml"])
    assert result.exit_code == 2


def test_explain_marks_claims(store_path):
    result = runner.invoke(app, ["explain", "doc-a", "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert "Canada ⇒ Estonia" in result.output and "2 claims" in result.output


def test_explain_unknown_doc_fails(store_path):
    result = runner.invoke(app, ["explain", "nope", "--db", str(store_path)])
    assert result.exit_code == 1


def test_eval_scores_stored_claims(store_path, tmp_path):
    gold = tmp_path / "g.gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "doc": "doc-a",
                "supports": [
                    {
                        "supporter": "Canada",
                        "recipient": "Estonia",
                        "type": "arms",
                        "status": "delivered",
                        "claimants": [None],
                        "certainty": ["stated"],
                    },
                    {
                        "supporter": "Sweden",
                        "recipient": "Latvia",
                        "type": "arms",
                        "status": "pledged",
                        "claimants": [None],
                        "certainty": ["stated"],
                    },
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", str(gold), "--db", str(store_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["tuples"]["tp"], report["tuples"]["fp"], report["tuples"]["fn"]) == (1, 1, 1)
    assert report["claimant_accuracy"] == 1.0
