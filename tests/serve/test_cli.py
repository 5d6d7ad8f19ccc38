"""``backers serve --get``: one request answered without a server."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backers.cli import app

runner = CliRunner()


def test_get_prints_the_json(store_path: Path) -> None:
    result = runner.invoke(
        app, ["serve", "--db", str(store_path), "--get", "/api/relations?supporter=Iran"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert {r["recipient"] for r in body["rows"]} == {"Russia"}


def test_get_of_a_page_prints_its_json(store_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(store_path), "--get", "/actors/Russia.json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["name"] == "Russia"


def test_get_error_exits_1_with_the_error_shape(store_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(store_path), "--get", "/api/graph?type=x"])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["code"] == "bad-parameter"


def test_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["serve", "--db", str(tmp_path / "none.duckdb"), "--get", "/api/actors"]
    )
    assert result.exit_code == 1
    assert "no store here yet" in result.output
    assert not (tmp_path / "none.duckdb").exists()  # serving never creates a store
