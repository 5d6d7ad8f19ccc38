"""The server reads while another process writes: it waits for the writer's lock instead
of failing, and says "locked" in the error shape when the wait runs out."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backers.serve.app import create_app

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("BEGIN TRANSACTION")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
con.close()
"""


@pytest.fixture
def writer(store_path: Path) -> Iterator[callable]:
    procs: list[subprocess.Popen] = []

    def hold(seconds: float) -> None:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(store_path), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        assert proc.stdout.readline().strip() == "locked"

    yield hold
    for proc in procs:
        proc.wait(timeout=30)


def test_reader_waits_for_a_writer_process(store_path: Path, writer: callable) -> None:
    client = TestClient(create_app(store_path), raise_server_exceptions=False)
    assert client.get("/api/actors").status_code == 200  # migrated, ready
    writer(1.0)
    started = time.monotonic()
    response = client.get("/api/graph")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.5


def test_reader_gives_up_with_locked(store_path: Path, writer: callable) -> None:
    app = create_app(store_path)
    client = TestClient(app, raise_server_exceptions=False)
    assert client.get("/api/actors").status_code == 200
    app.state.store.lock_wait = 0.2
    writer(2.0)
    response = client.get("/api/graph")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "locked"
