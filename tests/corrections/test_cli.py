"""``backers correct`` and ``backers corrections`` as a user types them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from backers.cli import app
from backers.store import Store

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, list(args))


def claim_ids(store: Store) -> dict[tuple[str, str], str]:
    result = run("claims", "--db", store.path, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    return {(r["supporter"], r["recipient"]): r["id"] for r in rows}


def test_correct_then_list_and_export(store):
    ids = claim_ids(store)
    result = run(
        "correct", ids["Iran", "Houthis"], "--db", store.path, "--recipient", "Hezbollah",
        "--note", "=HYPERLINK(\"x\")", "--by", "analyst",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "recipient Houthis -> Hezbollah" in result.output and "by analyst" in result.output
    assert run("correct", ids["Russia", "Mali"], "--db", store.path, "--reject").exit_code == 0

    listed = run("corrections", "--db", store.path, "--format", "jsonl")
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [(r["state"], r["author"]) for r in rows][0] == ("applied", "analyst")
    assert rows[1]["state"] == "rejected"
    table = list(csv.DictReader(io.StringIO(run("corrections", "--db", store.path,
                                                "--format", "csv").output)))  # fmt: skip
    assert table[0]["set_recipient"] == "Hezbollah"
    assert table[0]["note"].startswith("'=")  # a spreadsheet formula is defused
    # Claims carry their correction in every format.
    claims = run("claims", "--db", store.path, "--format", "jsonl").output.splitlines()
    [iran] = [json.loads(line) for line in claims if '"Iran"' in line]
    assert iran["recipient"] == "Hezbollah" and iran["correction"]["by"] == "analyst"
    exported = run("claims", "--db", store.path, "--format", "csv").output
    assert "Hezbollah" in exported and '"by"": ""analyst""' in exported
    assert "Mali" not in exported  # rejected: counts nowhere


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "weapons"], "type: 'weapons' is not one of"),
        (["--status", "sent"], "status: 'sent' is not one of"),
        (["--recipient", "Hezbolah"], "did you mean Hezbollah"),
        (["--reject", "--undo"], "exclude each other"),
        ([], "say what to correct"),
        (["--affiliation", "Atlantis Republik"], "affiliation: unknown actor"),
        (["--items", ",".join(f"item {i}" for i in range(51))], "items: at most 50 items"),
    ],
)
def test_mistakes_exit_2_with_one_line(store, args, message):
    ids = claim_ids(store)
    result = run("correct", ids["Iran", "Houthis"], "--db", store.path, *args)
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_list_options_are_strict(store):
    assert run("corrections", "--db", store.path, "--format", "xml").exit_code == 2
    assert run("corrections", "--db", store.path, "--state", "lost").exit_code == 2
    empty = run("corrections", "--db", store.path)
    assert empty.exit_code == 0 and "no corrections" in empty.output
    assert run("correct", "ffffffffffffffff", "--db", store.path, "--reject").exit_code == 2


def test_correct_the_claimant_and_the_items(store):
    ids = claim_ids(store)
    result = run(
        "correct", ids["Russia", "Mali"], "--db", store.path, "--claimant", "Jean Dupont",
        "--affiliation", "france", "--items", "military advisers, instructors",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "-> Jean Dupont" in result.output
    assert "-> [military advisers, instructors]" in result.output
    claims = run("claims", "--db", store.path, "--format", "jsonl").output.splitlines()
    [mali] = [json.loads(line) for line in claims if '"Mali"' in line]
    assert (mali["claimant"], mali["claimant_affiliation"]) == ("Jean Dupont", "France")
    assert mali["items"] == ["military advisers", "instructors"]
    # "" is "none": the outlet's own voice
    result = run("correct", ids["Russia", "Mali"], "--db", store.path, "--claimant", "",
                 "--affiliation", "")  # fmt: skip
    assert result.exit_code == 0 and "-> none" in result.output, result.output
    table = list(csv.DictReader(io.StringIO(run("corrections", "--db", store.path,
                                                "--format", "csv").output)))  # fmt: skip
    assert table[0]["set_claimant"] == "" and "instructors" in table[0]["set_items"]
    listed = run("corrections", "--db", store.path).output
    assert "claimant -> none" in listed and "items -> [military advisers, instructors]" in listed
