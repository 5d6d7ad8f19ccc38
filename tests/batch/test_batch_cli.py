"""The ingest command's engine options are checked before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from backers.cli import app


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark"], "is not known"),
        (["--keep-shards"], "apply to --engine dask"),
        (["--shards", "somewhere"], "apply to --engine dask"),
        (["--engine", "dask", "-"], "not standard input"),
        (["--scheduler", "tcp://127.0.0.1:1", "-"], "not standard input"),
    ],
)
def test_bad_engine_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    paths = [] if "-" in args else [str(tmp_path)]
    result = CliRunner().invoke(app, ["ingest", *paths, *args, "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "s.duckdb").exists()
