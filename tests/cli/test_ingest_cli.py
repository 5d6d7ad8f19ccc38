"""The ingest-stage commands as a user runs them: exit codes, messages, what is stored."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from backers.cli import app
from backers.store import Store

runner = CliRunner()

ARTICLE = """Ministry confirms new air defence deliveries

0
112

Officials in Warsaw said on Tuesday that Poland had delivered two more batteries of
air defence missiles to Ukraine, the third such shipment this year.

Comments / 3

reader_one
2h ago

Good news.

Reply
4
"""


def ingest(*args: str):
    return runner.invoke(app, ["ingest", "--quiet", "--no-extract", *args])


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "poland-air-defence.txt").write_text(ARTICLE)
    records = [
        {
            "id": "rec-1",
            "title": "A",
            "outlet": "Wire",
            "published": "2023-03-01",
            "text": "Canada said it would send more armoured vehicles to Ukraine.",
        },
        {
            "id": "rec-2",
            "title": "B",
            "outlet": "Daily",
            "published": "2023-03-02",
            "text": "Norway pledged funding for demining in Ukraine.",
        },
    ]
    with gzip.open(folder / "wire.jsonl.gz", "wt") as fh:
        for rec in records:
            fh.write(json.dumps(rec) + "\n")


def test_ingest_twice_changes_nothing_and_says_so(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_inputs(inputs)
    db = tmp_path / "s.duckdb"
    first = ingest(str(inputs), "--db", str(db))
    assert first.exit_code == 0, first.output
    assert "3 stored, 0 unchanged" in first.output
    counts = Store(db).counts()
    second = ingest(str(inputs), "--db", str(db))
    assert second.exit_code == 0
    assert "0 stored, 3 unchanged, 0 failed" in second.output
    assert Store(db).counts() == counts


def test_bad_inputs_are_named_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_inputs(inputs)
    (inputs / "broken.jsonl").write_text(
        '{"id": "ok", "text": "Chile sent aid to Peru."}\nnot json\n'
    )
    (inputs / "empty.txt").write_text("")
    db = tmp_path / "s.duckdb"
    result = ingest(str(inputs), str(tmp_path / "missing.txt"), "--db", str(db))
    assert result.exit_code == 1
    assert "4 stored" in result.output
    assert "3 failed" in result.output
    assert "broken.jsonl: line 2: not valid JSON" in result.output
    assert "empty.txt" in result.output
    assert "missing.txt" in result.output
    listed = runner.invoke(app, ["failures", "--db", str(db)])
    lines = listed.output.strip().splitlines()
    assert len(lines) == 3
    assert {line.split("\t")[2] for line in lines} >= {"bad-json", "empty", "missing-path"}


def test_docs_lists_one_tab_separated_line_per_document(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_inputs(inputs)
    db = tmp_path / "s.duckdb"
    ingest(str(inputs), "--db", str(db))
    result = runner.invoke(app, ["docs", "--db", str(db)])
    lines = result.output.strip().splitlines()
    assert len(lines) == 3
    assert all(len(line.split("\t")) == 4 for line in lines)
    only = runner.invoke(app, ["docs", "--db", str(db), "--outlet", "Wire"])
    assert only.output.split("\t")[0] == "rec-1"


def test_show_sets_counters_and_comments_apart_from_the_body(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_inputs(inputs)
    db = tmp_path / "s.duckdb"
    ingest(str(inputs), "--db", str(db))
    result = runner.invoke(app, ["show", "poland-air-defence", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    by_kind: dict[str, str] = {}
    for sec in doc["sections"]:
        by_kind.setdefault(sec["kind"], "")
        by_kind[sec["kind"]] += doc["text"][sec["start"] : sec["end"]]
    assert "delivered two more batteries" in by_kind["body"]
    assert "reader_one" in by_kind["comments"] and "reader_one" not in by_kind["body"]
    assert "112" not in by_kind["body"]


def test_show_unknown_document_is_one_clear_line(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).init()
    result = runner.invoke(app, ["show", "nope", "--db", str(db)])
    assert result.exit_code == 1
    assert "no document 'nope'" in result.output


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_inputs(inputs)
    db = tmp_path / "notes.duckdb"
    db.write_text("my notes\n" * 20)
    result = ingest(str(inputs), "--db", str(db))
    assert result.exit_code == 1
    assert "is not a DuckDB database" in result.output
    assert db.read_text() == "my notes\n" * 20


def test_bad_as_of_date_is_a_usage_error(tmp_path: Path) -> None:
    result = ingest(str(tmp_path), "--as-of", "yesterday", "--db", str(tmp_path / "s.duckdb"))
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
