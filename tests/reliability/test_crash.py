"""Crash safety: ``backers ingest`` killed with SIGKILL at random moments leaves a store
that opens, holds only whole documents (sections tile the text, the text hash matches),
has no claim without its document, and a re-run completes the work without duplicates.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from .helpers import (
    BACKERS,
    TALLY,
    backers,
    check_store,
    fuzz_seconds,
    write_articles,
)


def stored(db: Path) -> int | None:
    """Documents in the store, or None while the writer holds it."""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return None
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except duckdb.Error:
        return None
    finally:
        con.close()


def wait_for_more(db: Path, before: int, proc: subprocess.Popen, limit: float = 60) -> None:
    """Return once the store holds more than ``before`` documents (or the run ended)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and (stored(db) or 0) > before:
            return
        time.sleep(0.1)


def kill_at_random(
    folder: Path, db: Path, kills: int, rng: random.Random, extra: list[str]
) -> list[dict]:
    """Start the ingest ``kills`` times and SIGKILL it after a random delay; check the
    store after each kill. Returns what each kill found."""
    found = []
    before = 0
    for _ in range(kills):
        proc = subprocess.Popen(
            [*BACKERS, "ingest", str(folder), "--db", str(db), "-q", "--batch-size", "4", *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        # Kill at a random moment after the run's first batch landed, so that most kills
        # hit a run that is writing (not one still starting up).
        wait_for_more(db, before, proc)
        time.sleep(rng.uniform(0.0, 1.0))
        running = proc.poll() is None
        if running:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        counts = check_store(db) if db.exists() else {"documents": 0}
        found.append({"killed": running, **counts})
        before = counts["documents"]
        TALLY["crash kills"] += int(running)
    return found


def finish_and_check(folder: Path, db: Path, n: int, extra: list[str]) -> None:
    done = backers("ingest", str(folder), "--db", str(db), "-q", *extra, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    counts = check_store(db)
    assert counts["documents"] == n, counts  # every input once, no duplicates
    assert counts["doc_ids"] == n, counts
    again = backers("ingest", str(folder), "--db", str(db), "-q", *extra, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"0 stored, {n} unchanged, 0 failed" in again.stdout, again.stdout


def run_kills(tmp_path: Path, n: int, kills: int, seed: int, extra: list[str]) -> list[dict]:
    folder = write_articles(tmp_path / "articles", n, seed=seed)
    db = tmp_path / "crash.duckdb"
    found = kill_at_random(folder, db, kills, random.Random(seed), extra)
    finish_and_check(folder, db, n, extra)
    return found


def test_kill_ingest_without_extraction(tmp_path: Path) -> None:
    found = run_kills(tmp_path, n=200, kills=4, seed=11, extra=["--no-extract"])
    # At least one kill landed while documents were being written.
    assert any(f["killed"] and 0 < f["documents"] < 200 for f in found), found


@pytest.mark.slow
def test_kill_ingest_with_extraction(tmp_path: Path) -> None:
    found = run_kills(tmp_path, n=48, kills=2, seed=12, extra=[])
    assert any(f["killed"] for f in found), found
    assert check_store(tmp_path / "crash.duckdb")["claims"] > 0


@pytest.mark.fuzz
def test_kill_ingest_long(tmp_path: Path) -> None:
    """Rounds of kills with and without extraction until the budget is spent."""
    deadline = time.monotonic() + fuzz_seconds()
    round_ = 0
    while time.monotonic() < deadline:
        extra = ["--no-extract"] if round_ % 2 == 0 else []
        run_kills(tmp_path / f"round-{round_}", n=300, kills=6, seed=100 + round_, extra=extra)
        round_ += 1
