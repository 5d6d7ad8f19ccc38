"""The server reads a snapshot of the store (backers.serve.snapshot): it answers while
another process holds the store's write lock, sees each commit, and many threads reading
at once never get a 5xx (issue 11: 15 of 1,050 requests answered 500 "Can't open a
connection to same database file with a different configuration")."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from backers.serve.app import create_app

from ..live import serve_in_thread

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("BEGIN TRANSACTION")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
con.close()
"""

# Writes one document per round, each in its own short transaction, like an ingest batch.
WRITE = """
import sys, time, duckdb
from backers.store import Store
for i in range(int(sys.argv[2])):
    with Store(sys.argv[1]).write() as con:
        con.execute(
            "INSERT INTO documents (id, doc_id, version, text, sections, text_hash)"
            " VALUES (?, ?, 1, 'x', '[]', 'h')", [f"written-{i}", f"written-{i}"])
    time.sleep(0.02)
print("done", flush=True)
"""


def eventually(check: Callable[[], bool], seconds: float = 15) -> bool:
    """``check()`` turns true within ``seconds`` (a commit is published in the background)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def writer(own_store: Path) -> Iterator[callable]:
    procs: list[subprocess.Popen] = []

    def hold(seconds: float) -> None:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(own_store), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        assert proc.stdout.readline().strip() == "locked"

    yield hold
    for proc in procs:
        proc.wait(timeout=30)


def test_reader_answers_while_a_writer_holds_the_store(own_store: Path, writer: callable) -> None:
    client = TestClient(create_app(own_store), raise_server_exceptions=False)
    assert client.get("/api/actors").status_code == 200
    writer(1.5)
    response = client.get("/api/graph")
    assert response.status_code == 200, response.text
    assert response.json()["edges"]


def test_reader_sees_each_commit(own_store: Path) -> None:
    client = TestClient(create_app(own_store), raise_server_exceptions=False)
    assert client.get("/api/documents/written-0").status_code == 404
    done = subprocess.run(
        [sys.executable, "-c", WRITE, str(own_store), "1"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # the publisher looks every 50 ms and publishes at most every BACKERS_PUBLISH_EVERY s
    assert eventually(lambda: client.get("/api/documents/written-0").status_code == 200)


CLAIM = r"""
import sys, duckdb
from backers.store import Store
with Store(sys.argv[1]).write() as con:
    con.execute("INSERT INTO documents (id, doc_id, version, text, sections, text_hash)"
                " VALUES ('late', 'late', 1, 'Iran sent drones.', '[]', 'h')")
    con.execute("INSERT INTO claims (id, article_id, doc_id, supporter, recipient, type, status,"
                " certainty, sentence, start, \"end\", extractor) VALUES ('late-1', 'late',"
                " 'late', 'Iran', 'Russia', 'arms', 'delivered', 'stated', 'Iran sent drones.',"
                " 0, 17, 'test')")
"""


def test_a_remembered_answer_is_not_given_after_a_commit(own_store: Path) -> None:
    client = TestClient(create_app(own_store), raise_server_exceptions=False)
    before = client.get("/api/claims?limit=1").json()["total"]
    assert client.get("/api/claims?limit=1").json()["total"] == before  # remembered
    done = subprocess.run(
        [sys.executable, "-c", CLAIM, str(own_store)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert eventually(lambda: client.get("/api/claims?limit=1").json()["total"] == before + 1)


def test_many_threads_read_while_a_process_writes(own_store: Path) -> None:
    tally: Counter = Counter()
    paths = ["/api/relations?limit=5", "/api/claims?limit=5", "/api/graph", "/api/actors"]
    with serve_in_thread(own_store) as base:
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITE, str(own_store), "15"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stop = threading.Event()

        def hammer() -> None:
            with httpx.Client(base_url=base, timeout=60) as client:
                i = 0
                while not stop.is_set() or i < len(paths):
                    tally[client.get(paths[i % len(paths)]).status_code // 100] += 1
                    i += 1

        threads = [threading.Thread(target=hammer) for _ in range(8)]
        for t in threads:
            t.start()
        out, err = proc.communicate(timeout=120)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        assert proc.returncode == 0, err[-2000:]
        last = f"{base}/api/documents/written-14"
        assert eventually(lambda: httpx.get(last, timeout=30).status_code == 200)
    assert tally[2] >= 32 and set(tally) == {2}, tally


def test_answers_are_remembered_per_snapshot_unless_told_not_to(
    own_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backers.serve import payloads

    calls = []
    real = payloads.relation_list
    monkeypatch.setattr(payloads, "relation_list", lambda *a: calls.append(1) or real(*a))
    app = create_app(own_store)
    client = TestClient(app, raise_server_exceptions=False)
    first = client.get("/api/relations").json()
    assert client.get("/api/relations").json() == first and len(calls) == 1
    app.state.snapshots.remember = False
    assert client.get("/api/relations").json() == first and len(calls) == 2
