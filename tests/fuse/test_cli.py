"""The fuse commands: exit codes, messages, output that pipes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from backers.cli import app

from .fuse_builders import add, article, claim, new_store, story, with_sentence


@pytest.fixture
def store(tmp_path):
    """A fresh store file in the test's own folder."""
    return new_store(tmp_path)


runner = CliRunner()


@pytest.fixture
def db(store, tmp_path):
    a = article("c1", with_sentence(story(1), "Iran sent drones."), outlet="Wire")
    b = article("c2", with_sentence(story(2), "Iran denied it."), outlet="Agency")
    add(store, [(a, [claim(a, "Iran sent drones.")]),
                (b, [claim(b, "Iran denied it.", certainty="denied", claimant=None,
                           claimant_affiliation="Iran")])])  # fmt: skip
    return str(store.path)


def test_who_backs_prints_a_tsv_row_when_piped(db):
    result = runner.invoke(app, ["who-backs", "russia", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t")[:2] == ["supporter", "support"]
    assert lines[1].split("\t")[0] == "Iran"
    assert "United States (John Kirby)" in lines[1] and lines[1].split("\t")[5] == "Iran"


def test_unknown_actor_is_one_line_with_suggestions(db):
    result = runner.invoke(app, ["who-backs", "Rusia", "--db", db])
    assert result.exit_code == 1
    assert "unknown actor 'Rusia'; did you mean Russia?" in result.output


def test_relation_shows_the_evidence_trail(db):
    result = runner.invoke(app, ["relation", "IRAN", "russia", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Iran sent drones." in result.output and "denied" in result.output


def test_relations_filters_and_rejects_bad_certainty(db):
    ok = runner.invoke(app, ["relations", "--db", db, "--certainty", "stated,confirmed"])
    assert ok.exit_code == 0 and "Iran\tRussia\tarms" in ok.output
    bad = runner.invoke(app, ["relations", "--db", db, "--certainty", "sure"])
    assert bad.exit_code == 2 and "unknown certainty 'sure'" in bad.output


def test_export_writes_a_file(db, tmp_path):
    target = tmp_path / "out.gexf"
    result = runner.invoke(app, ["export", "--db", db, "--format", "gexf", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("<?xml")


def test_fuse_rebuilds(db):
    result = runner.invoke(app, ["fuse", "--db", db])
    assert result.exit_code == 0 and "1 relations" in result.output
