"""BACKERS_LEARNED: a switch, and a typo is one clear error before any work."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from backers.cli import app
from backers.errors import BackersError
from backers.extract import learned


@pytest.mark.parametrize(("raw", "on"), [("1", True), ("on", True), ("0", False), ("No", False)])
def test_the_setting_is_a_switch(monkeypatch, raw, on):
    monkeypatch.setenv("BACKERS_LEARNED", raw)
    assert learned.enabled() is on


def test_a_bad_setting_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv("BACKERS_LEARNED", "maybe")
    with pytest.raises(BackersError, match="BACKERS_LEARNED='maybe'"):
        learned.enabled()


def test_ingest_stops_at_a_bad_setting_before_reading(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Canada sent artillery shells to Estonia last week.\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(
        app, ["ingest", str(article), "--db", str(db)], env={"BACKERS_LEARNED": "maybe"}
    )
    assert result.exit_code != 0
    assert "BACKERS_LEARNED='maybe'" in result.output
    assert "failed" not in result.output.split("BACKERS_LEARNED")[0]
