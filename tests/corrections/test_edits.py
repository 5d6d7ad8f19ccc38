"""The edit routes: off by default, and then nothing can write; on, only a same-origin JSON
request with the token writes; what a note or an article says is shown as text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backers.cli import app as cli
from backers.serve.app import create_app
from backers.serve.edits import enable
from backers.store import Store

TOKEN = "a-long-test-token-123"
GOOD = {"X-Backers-Token": TOKEN, "Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'


def _client(store: Store, token: str | None) -> Iterator[TestClient]:
    app = create_app(store.path)
    if token:
        enable(app, token)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def off(store: Store) -> Iterator[TestClient]:
    yield from _client(store, None)


@pytest.fixture
def on(store: Store) -> Iterator[TestClient]:
    yield from _client(store, TOKEN)


def written(store: Store) -> int:
    with store.read() as con:
        return con.execute("SELECT count(*) FROM corrections").fetchone()[0]


def relations(client: TestClient, **params: str) -> set[tuple[str, str]]:
    body = client.get("/api/relations", params=params).json()
    return {(r["supporter"], r["recipient"]) for r in body["rows"]}


def post(client: TestClient, claim: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(f"/api/claims/{claim}/corrections", json=body, headers=headers)


def test_without_edits_nothing_can_write_even_with_a_token(off, store, claim_id):
    cid = claim_id("Iran", "Houthis")
    answer = post(off, cid, {"action": "reject"}, **GOOD)
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "edits-off"
    form = off.get("/edits/form")  # so the panel shows no form
    assert form.status_code == 204 and form.text == ""
    assert written(store) == 0
    assert ("Iran", "Houthis") in relations(off)


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "bad-token"),
        ({"X-Backers-Token": "not-the-token-at-all"}, "bad-token"),
        ({**GOOD, "Origin": "http://evil.example"}, "cross-origin"),
        ({**GOOD, "Origin": "null"}, "cross-origin"),
        ({**GOOD, "Sec-Fetch-Site": "cross-site"}, "cross-origin"),
    ],
)
def test_with_edits_a_write_needs_the_token_and_our_own_origin(on, store, claim_id, headers, code):
    answer = post(on, claim_id("Iran", "Houthis"), {"action": "reject"}, **headers)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == code
    assert written(store) == 0


def test_a_form_post_from_another_page_is_refused(on, store, claim_id):
    """A plain HTML form (what a cross-site page can send without a preflight) is not
    JSON and carries no token header."""
    url = f"/api/claims/{claim_id('Iran', 'Houthis')}/corrections"
    answer = on.post(url, data={"action": "reject"}, headers={"Origin": "http://evil.example"})
    assert answer.status_code == 403
    answer = on.post(url, content="action=reject", headers={**GOOD, "Content-Type": "text/plain"})
    assert answer.status_code == 415
    assert written(store) == 0


def test_a_correction_changes_the_relation_and_every_read_agrees(on, store, claim_id):
    cid = claim_id("Iran", "Houthis")
    answer = post(on, cid, {"recipient": "Hezbollah", "note": HOSTILE, "by": "editor"}, **GOOD)
    assert answer.status_code == 201, answer.text
    assert answer.json()["now"]["recipient"] == "Hezbollah"
    # The server reads a fresh snapshot at once.
    assert ("Iran", "Hezbollah") in relations(on)
    assert ("Iran", "Houthis") not in relations(on)
    listed = on.get("/api/corrections").json()
    assert listed["total"] == 1 and listed["corrections"][0]["author"] == "editor"
    claims = on.get("/api/claims", params={"supporter": "Iran"}).json()["rows"]
    assert claims[0]["correction"]["note"] == HOSTILE  # JSON carries it as data
    page = on.get("/evidence", params={"supporter": "Iran", "recipient": "Hezbollah"}).text
    assert "corrected by editor" in page
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page


def test_bad_values_are_400_in_the_one_error_shape(on, store, claim_id):
    cid = claim_id("Iran", "Houthis")
    answer = post(on, cid, {"type": "weapons"}, **GOOD)
    assert answer.status_code == 400
    assert "'weapons' is not one of" in answer.json()["error"]["message"]
    answer = post(on, cid, {"recipient": "Hezbollah", "recipent": "x"}, **GOOD)
    assert answer.status_code == 400 and "recipent" in answer.json()["error"]["message"]
    assert post(on, "0000000000000000", {"action": "reject"}, **GOOD).status_code == 404
    assert on.get("/api/corrections", params={"state": "lost"}).status_code == 400
    assert on.get("/api/corrections", params={"stat": "applied"}).status_code == 400
    assert written(store) == 0


class _Ran(Exception):
    pass


def test_serve_binds_to_loopback_and_edits_need_a_token(store, monkeypatch):
    import uvicorn

    seen: dict[str, Any] = {}

    def fake_run(application: Any, **kwargs: Any) -> None:
        seen.update(kwargs, token=application.state.edit_token)
        raise _Ran

    monkeypatch.setattr(uvicorn, "run", fake_run)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["serve", "--db", store.path, "--allow-edits", "--edit-token", TOKEN]
    )
    assert isinstance(result.exception, _Ran), result.output
    assert seen["host"] == "127.0.0.1" and seen["token"] == TOKEN
    result = runner.invoke(cli, ["serve", "--db", store.path])
    assert isinstance(result.exception, _Ran) and seen["token"] is None  # off by default
    result = runner.invoke(cli, ["serve", "--db", store.path, "--allow-edits"])
    assert result.exit_code == 2 and "needs a token" in result.output
    result = runner.invoke(
        cli, ["serve", "--db", store.path, "--allow-edits", "--edit-token", "short"]
    )
    assert result.exit_code == 2 and "at least 12 characters" in result.output
