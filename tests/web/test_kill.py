"""A kill at any moment loses nothing: `backers watch --once` is SIGKILLed in the middle of
a run (after some batches are stored, others not), run again, and the store is the same
as after one clean run: the same documents, raw pages, seen entries, claims, relations and
changes, each once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from backers.cli import app
from backers.store import Store
from tests.web.site import EN_DELIVERED, EN_PLAIN, EN_PLEDGE, EN_SHELLS, FR_PAGE, Route, rss

PAGES = [EN_PLEDGE, EN_PLAIN, EN_SHELLS, FR_PAGE, EN_DELIVERED, EN_PLAIN.replace("three", "four")]
KILL_AFTER = 3  # pages fetched before the kill


def state(db: Path) -> dict[str, list]:
    queries = {
        "documents": "SELECT id, doc_id, url, version FROM documents",
        "pages": "SELECT url, raw_hash, article_id, raw_size FROM web_pages",
        "seen": "SELECT source_url, url, outcome FROM web_seen",
        "claims": "SELECT id, supporter, recipient, type, status FROM claims",
        "relations": "SELECT supporter, recipient, type, status, claims FROM fuse_relations",
        "changes": "SELECT kind, supporter, recipient, type, before, after FROM changes",
        "failures": "SELECT source, code FROM failures",
    }
    with Store(db).read() as con:
        return {k: sorted(map(tuple, con.execute(q).fetchall())) for k, q in queries.items()}


def test_a_killed_watch_run_then_a_rerun_equals_one_clean_run(site, tmp_path, monkeypatch):
    for i, html in enumerate(PAGES):
        site.routes[f"/wire/{i}.html"] = Route(html, delay=0.3)
    site.routes["/feed.xml"] = Route(
        rss(site.base, [(f"story {i}", f"/wire/{i}.html") for i in range(len(PAGES))]),
        content_type="application/rss+xml",
    )
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/feed.xml") + "\n")
    env = {
        "BACKERS_HOST_DELAY": "0",
        "BACKERS_FETCH_TIMEOUT": "5",
        "BACKERS_FETCH_WORKERS": "1",
        "BACKERS_BATCH_SIZE": "1",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    killed = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("backers")), "watch", str(feeds), "--once", "-q",
         "--db", str(killed)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    pages = [f"/wire/{i}.html" for i in range(len(PAGES))]
    while sum(site.fetched(p) for p in pages) < KILL_AFTER and time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be killed"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    fetched_before = sum(site.fetched(p) for p in pages)
    assert KILL_AFTER <= fetched_before < len(PAGES), "the kill did not land mid-run"
    with Store(killed).read() as con:
        stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < stored < len(PAGES)  # some of the run was stored, not all

    runner = CliRunner()
    rerun = runner.invoke(app, ["watch", str(feeds), "--once", "-q", "--db", str(killed)])
    assert rerun.exit_code == 0, rerun.output
    clean = tmp_path / "clean.duckdb"
    once = runner.invoke(app, ["watch", str(feeds), "--once", "-q", "--db", str(clean)])
    assert once.exit_code == 0, once.output

    after_kill, after_clean = state(killed), state(clean)
    for table, rows in after_clean.items():
        assert after_kill[table] == rows, table
    assert len(after_clean["documents"]) == len(PAGES)
    assert after_clean["changes"] and after_clean["relations"]
