"""Publication of snapshots (backers.serve.snapshot) and whole responses kept per snapshot
(backers.serve.response_cache): a request never pays for a copy or a cold query after a
commit, never sees an answer of another state, and an in-process writer sees its write."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backers.cli import app as cli
from backers.serve import payloads
from backers.serve.app import create_app
from backers.serve.snapshot import Snapshots, write
from backers.store import Store

from .test_concurrency import CLAIM

INSERT = (
    "INSERT INTO documents (id, doc_id, version, text, sections, text_hash)"
    " VALUES (?, ?, 1, 'x', '[]', 'h')"
)
WRITE = f"""
import sys
from backers.store import Store
with Store(sys.argv[1]).write() as con:
    con.execute({INSERT!r}, [sys.argv[2], sys.argv[2]])
"""


def write_from_another_process(path: Path, doc_id: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WRITE, str(path), doc_id], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(payloads, name)
    monkeypatch.setattr(payloads, name, lambda *a: calls.append(1) or real(*a))
    return calls


def test_a_kept_response_is_sent_again_until_the_next_publication(
    own_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting(monkeypatch, "relation_list")
    monkeypatch.setenv("BACKERS_PUBLISH_EVERY", "3600")  # only publish() publishes
    app = create_app(own_store)
    client = TestClient(app, raise_server_exceptions=False)
    first = client.get("/api/relations?limit=5")
    again = client.get("/api/relations?limit=5")
    assert again.content == first.content and len(calls) == 1
    assert app.state.responses.hits == 1
    assert again.headers["content-security-policy"]  # the headers are kept with it
    assert client.get("/api/relations?limit=5", headers={"Accept": "text/html"}).status_code
    assert app.state.responses.hits == 1  # another Accept header is another question
    # a typo is answered 400 from the kept answers too, in the one error shape
    assert client.get("/api/relations?recipent=Russia").json()["error"]["status"] == 400
    assert client.get("/api/relations?recipent=Russia").json()["error"]["status"] == 400
    generation = app.state.snapshots.generation
    write_from_another_process(own_store, "published-later")
    assert app.state.snapshots.generation == generation  # not before the interval
    assert app.state.snapshots.publish()
    assert app.state.snapshots.generation == generation + 1
    client.get("/api/relations?limit=5")
    assert app.state.responses.hits == 2  # a new generation keeps none of the old ones
    # warmed: the new snapshot computed the answer before it was swapped in
    assert len(calls) == 2


def test_a_published_snapshot_is_warmed_before_requests_see_it(
    own_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKERS_PUBLISH_EVERY", "0")
    app = create_app(own_store)
    client = TestClient(app, raise_server_exceptions=False)
    before = client.get("/api/claims?limit=1").json()["total"]
    snapshots = app.state.snapshots
    generation = snapshots.generation
    done = subprocess.run(
        [sys.executable, "-c", CLAIM, str(own_store)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    deadline = time.monotonic() + 15
    while snapshots.generation == generation and time.monotonic() < deadline:
        time.sleep(0.02)  # the background publisher finds the commit
    assert snapshots.generation > generation
    calls = counting(monkeypatch, "claim_list")
    assert client.get("/api/claims?limit=1").json()["total"] == before + 1
    assert calls == []  # computed on the new snapshot before it was swapped in
    assert snapshots.timings[-1]["answers_warmed"] >= 1


def test_a_write_inside_the_server_is_read_at_once_beside_readers(own_store: Path) -> None:
    """The in-process write path: no "different configuration" error with reader threads
    and copies running, and the writer's next read sees its write."""
    app = create_app(own_store)
    client = TestClient(app, raise_server_exceptions=False)
    statuses: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            statuses.append(client.get("/api/relations?limit=3").status_code)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        for i in range(5):
            with write(app.state) as con:
                con.execute(INSERT, [f"edit-{i}", f"edit-{i}"])
            assert client.get(f"/api/documents/edit-{i}").status_code == 200
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=30)
    assert statuses and set(statuses) == {200}


def test_a_failed_write_inside_the_server_stores_nothing(own_store: Path) -> None:
    app = create_app(own_store)
    with pytest.raises(RuntimeError), write(app.state) as con:
        con.execute(INSERT, ["half", "half"])
        raise RuntimeError("the edit failed half-way")
    client = TestClient(app, raise_server_exceptions=False)
    assert client.get("/api/documents/half").status_code == 404


def test_snapshots_close_stops_the_publisher_and_deletes_the_copies(own_store: Path) -> None:
    snapshots = Snapshots(Store(own_store), every=0)
    folder = snapshots._dir
    assert any(folder.iterdir())
    snapshots.close()
    assert not folder.exists()
    assert snapshots._thread is not None and not snapshots._thread.is_alive()


def test_a_bad_publish_interval_stops_the_server_with_one_line(
    own_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKERS_PUBLISH_EVERY", "soon")
    result = CliRunner().invoke(cli, ["serve", "--db", str(own_store), "--get", "/api/actors"])
    assert result.exit_code != 0
    assert "BACKERS_PUBLISH_EVERY='soon'" in result.output
    assert "Traceback" not in result.output


def test_a_worker_count_out_of_range_is_refused(own_store: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(own_store), "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output
