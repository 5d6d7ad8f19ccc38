"""Limits: the largest document, the longest JSON Lines record and the largest API page are
settings (environment variables, documented in the README), enforced with a message that
names the input, the limit and the variable; a bad value of a setting is a clear error.
"""

from __future__ import annotations

import gzip
import io
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backers import settings
from backers.errors import BackersError
from backers.ingest import read_inputs
from backers.records import Article, Failure
from backers.serve.app import create_app

from .helpers import backers, check_item, hostile_store

REPO = Path(__file__).resolve().parents[2]
SENTENCE = "Officials said Atlantis delivered boats to Utopia last week. "


def text_of(size: int) -> bytes:
    return (SENTENCE * (size // len(SENTENCE) + 1)).encode()[:size]


def test_every_setting_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for setting in settings.ALL:
        assert f"`{setting.env}`" in readme, setting.env


@pytest.mark.parametrize("ext", [".txt", ".html", ".txt.gz"])
def test_document_size_limit(tmp_path: Path, monkeypatch, ext: str) -> None:
    monkeypatch.setenv("BACKERS_MAX_DOC_BYTES", "2000")
    for size, fits in ((2000, True), (2001, False), (300_000, False)):
        data = text_of(size)
        if ext == ".html":
            prefix = b"<html><body><p>"
            data = prefix + text_of(size - len(prefix))
        path = tmp_path / f"doc-{size}{ext}"
        path.write_bytes(gzip.compress(data) if ext.endswith(".gz") else data)
        items = list(read_inputs([str(path)]))
        assert len(items) == 1
        check_item(items[0])
        if fits:
            assert isinstance(items[0], Article) or items[0].code == "no-body", items[0]
        else:
            item = items[0]
            assert isinstance(item, Failure) and item.code == "too-large", item
            assert str(path) in item.message
            assert "2000" in item.message and "BACKERS_MAX_DOC_BYTES" in item.message


def test_document_size_limit_on_stdin_and_jsonl(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BACKERS_MAX_DOC_BYTES", "1000")
    (item,) = read_inputs(["-"], stdin=io.BytesIO(text_of(1001)))
    assert isinstance(item, Failure) and item.code == "too-large"
    assert "BACKERS_MAX_DOC_BYTES" in item.message
    (item,) = read_inputs(["-"], stdin=io.BytesIO(text_of(1000)))
    assert isinstance(item, Article)
    path = tmp_path / "records.jsonl"
    lines = [
        {"id": "small", "text": text_of(1000).decode()},
        {"id": "big", "text": text_of(1001).decode()},
    ]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    small, big = read_inputs([str(path)])
    assert isinstance(small, Article)
    assert isinstance(big, Failure) and big.code == "too-large"
    assert big.source == f"{path}:2" and "line 2" in big.message
    assert "BACKERS_MAX_DOC_BYTES" in big.message


def test_jsonl_line_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BACKERS_MAX_LINE_BYTES", "500")
    ok = json.dumps({"id": "a", "text": SENTENCE}).encode()
    huge = json.dumps({"id": "b", "text": SENTENCE * 100_000}).encode()  # about 6 MB
    assert len(ok) + 1 <= 500
    path = tmp_path / "lines.jsonl"
    path.write_bytes(ok + b"\n" + huge + b"\n" + ok.replace(b'"a"', b'"c"') + b"\n")
    started = time.monotonic()
    items = list(read_inputs([str(path)]))
    assert time.monotonic() - started < 10  # skipped in bounded chunks
    assert [type(x).__name__ for x in items] == ["Article", "Failure", "Article"]
    failure = items[1]
    assert failure.code == "too-large" and failure.source == f"{path}:2"
    assert "500" in failure.message and "BACKERS_MAX_LINE_BYTES" in failure.message
    assert [x.doc_id for x in items if isinstance(x, Article)] == ["a", "c"]


PAGED = ["/api/actors", "/api/relations", "/api/claims", "/api/timeline", "/timeline"]


def test_page_size_limit(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "pages.duckdb"
    hostile_store(db)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    for path in PAGED:
        assert client.get(path, params={"limit": 500}).status_code == 200, path
        over = client.get(path, params={"limit": 501}, headers={"Accept": "application/json"})
        assert over.status_code == 400, (path, over.text)
        error = over.json()["error"]
        assert error["code"] == "page-too-large"
        assert "500" in error["message"] and "BACKERS_MAX_PAGE_SIZE" in error["message"]
    monkeypatch.setenv("BACKERS_MAX_PAGE_SIZE", "7")
    assert client.get("/api/claims", params={"limit": 7}).status_code == 200
    over = client.get("/api/claims", params={"limit": 8})
    assert over.status_code == 400 and "7" in over.json()["error"]["message"]
    for bad in (0, -1, 10**30, "ten"):
        response = client.get("/api/claims", params={"limit": bad})
        assert response.status_code == 400, (bad, response.text)
        assert set(response.json()) == {"error"}


@pytest.mark.parametrize("value", ["abc", "0", "-3", "", "1e6"])
def test_bad_setting_value_is_a_clear_error(monkeypatch, value: str) -> None:
    for setting in (settings.MAX_DOC_BYTES, settings.MAX_LINE_BYTES, settings.MAX_PAGE_SIZE,
                    settings.BATCH_SIZE):  # fmt: skip
        monkeypatch.setenv(setting.env, value)
        with pytest.raises(BackersError, match=setting.env):
            settings.as_int(setting)
        monkeypatch.delenv(setting.env)
        assert settings.as_int(setting) == int(setting.default)


def test_cli_reports_the_limit(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "small.txt").write_bytes(text_of(300))
    (folder / "big.txt").write_bytes(text_of(5000))
    db = tmp_path / "cli.duckdb"
    done = backers("ingest", str(folder), "--db", str(db), "-q", "--no-extract",
                   BACKERS_MAX_DOC_BYTES="1000")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "1 stored" in done.stdout and "1 failed" in done.stdout
    lines = [ln for ln in done.stderr.splitlines() if "big.txt" in ln]
    assert lines and "BACKERS_MAX_DOC_BYTES" in lines[0], done.stderr
    bad = backers("ingest", str(folder), "--db", str(db), "-q", "--no-extract",
                  BACKERS_MAX_DOC_BYTES="lots")  # fmt: skip
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr and "BACKERS_MAX_DOC_BYTES" in bad.stderr, bad.stderr
