"""Concurrency: ``backers serve`` keeps answering while ``backers ingest`` writes the same
store in another process (DuckDB allows one writing process or many reading ones, so both
sides hold the file only briefly and wait for each other), and sees the new documents
once the ingest is done. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ..live import free_port
from .helpers import (
    BACKERS,
    TALLY,
    backers,
    check_store,
    fuzz_seconds,
    write_articles,
)

PATHS = [
    "/api/actors",
    "/api/graph",
    "/api/relations?limit=5",
    "/api/claims?limit=5",
    "/api/documents/article-0000",
    "/",
    "/actors",
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A store holding a first folder of articles, served on a free loopback port."""
    db = tmp_path / "served.duckdb"
    first = write_articles(tmp_path / "first", 12, seed=1)
    done = backers("ingest", str(first), "--db", str(db), "-q", "--no-extract")
    assert done.returncode == 0, done.stderr[-2000:]
    port = free_port()
    proc = subprocess.Popen(
        [*BACKERS, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, "the server exited"
            try:
                if httpx.get(base + "/api/actors", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield base, db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def hammer(base: str, stop: threading.Event, tally: Counter, limit: float) -> None:
    """GET the paths in turn until ``stop`` (or ``limit`` seconds), counting statuses."""
    deadline = time.monotonic() + limit
    with httpx.Client(base_url=base, timeout=60) as client:
        i = 0
        while not stop.is_set() and time.monotonic() < deadline:
            path = PATHS[i % len(PATHS)]
            i += 1
            try:
                status = client.get(path).status_code
            except httpx.HTTPError as exc:
                tally[f"error {type(exc).__name__}"] += 1
                continue
            tally["requests"] += 1
            tally[f"status {status}"] += 1


def ingest_while_serving(tmp_path: Path, base: str, db: Path, n: int, extra: list[str]) -> Counter:
    second = write_articles(tmp_path / f"second-{n}", n, seed=n, prefix=f"r{n}-")
    tally: Counter = Counter()
    stop = threading.Event()
    threads = [
        threading.Thread(target=hammer, args=(base, stop, tally, 400), daemon=True)
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    try:
        done = backers(
            "ingest", str(second), "--db", str(db), "-q", "--batch-size", "4", *extra, timeout=400
        )
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{n} stored" in done.stdout, done.stdout
    TALLY["requests served during ingest"] += tally["requests"]
    failures = {k: v for k, v in tally.items() if k.startswith("error") or k[7:8] == "5"}
    TALLY["failed requests during ingest"] += sum(failures.values())
    assert tally["requests"] >= 10, tally
    assert not failures, tally  # no 5xx (503 locked included), no dropped connection
    # The server sees the new documents once it publishes the ingest's last commit (it
    # publishes at most every BACKERS_PUBLISH_EVERY seconds, in the background).
    new = published(f"{base}/api/documents/r{n}-wire-{n - 1}")
    assert new.status_code == 200, new.text
    return tally


def published(url: str, within: float = 30.0) -> httpx.Response:
    """The answer at ``url`` once it is found, or the last answer after ``within`` s."""
    deadline = time.monotonic() + within
    while True:
        answer = httpx.get(url, timeout=60)
        if answer.status_code != 404 or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def test_serve_answers_while_ingest_writes(tmp_path: Path, server: tuple[str, Path]) -> None:
    base, db = server
    missing = httpx.get(f"{base}/api/documents/r60-wire-50", timeout=60)
    assert missing.status_code == 404
    ingest_while_serving(tmp_path, base, db, 60, ["--no-extract"])
    assert published(f"{base}/api/documents/r60-wire-50").status_code == 200
    check_store(db)


@pytest.mark.fuzz
def test_serve_answers_while_ingest_writes_long(tmp_path: Path, server: tuple[str, Path]) -> None:
    base, db = server
    deadline = time.monotonic() + fuzz_seconds()
    n = 100
    while time.monotonic() < deadline:
        extra = ["--no-extract"] if n % 2 == 0 else []
        ingest_while_serving(tmp_path, base, db, n, extra)
        n += 41
    check_store(db)
