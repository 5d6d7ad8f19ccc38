"""Search from the API, the page and the command line: one answer, strict parameters, and
nothing typed or stored runs as script in a page."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backers.cli import app

runner = CliRunner()
HTML = {"Accept": "text/html"}


def test_api_and_page_json_give_the_same_hits(search_client: TestClient) -> None:
    api = search_client.get("/api/search", params={"q": "Shahed", "actor": "Iran"})
    assert api.status_code == 200
    page = search_client.get("/search.json", params={"q": "Shahed", "actor": "Iran"})
    assert page.json()["rows"] == api.json()["rows"]
    assert api.json()["total"] == 2
    assert api.json()["filters"] == {"actor": "Iran"}


def test_bad_search_requests_are_400_in_the_one_error_shape(search_client: TestClient) -> None:
    cases = {
        "/api/search": "give q",
        "/api/search?q=%22drones": "unclosed quote",
        "/api/search?q=drones&actr=Iran": "unknown parameter 'actr'",
        "/api/search?q=drones&date_from=May": "ISO date",
        "/api/search?q=drones&min_reliability=7": "min_reliability",
    }
    for url, words in cases.items():
        response = search_client.get(url)
        assert response.status_code == 400, url
        assert words in response.json()["error"]["message"], url


def test_every_page_has_the_search_box(search_client: TestClient) -> None:
    for path in ("/", "/actors", "/timeline", "/documents/nk-wagner", "/search"):
        body = search_client.get(path, headers=HTML).text
        assert 'action="/search"' in body and 'name="q"' in body, path


def test_the_results_page_marks_words_and_claim_sentences(search_client: TestClient) -> None:
    body = search_client.get("/search", params={"q": "Shahed"}, headers=HTML).text
    assert '<mark class="term">Shahed</mark>' in body
    assert 'class="claim-sentence"' in body
    assert "/evidence?supporter=Iran&amp;recipient=Russia" in body


def test_typed_and_stored_script_stays_text(search_client: TestClient) -> None:
    typed = '<script>window.pwned=9</script>"'
    body = search_client.get("/search", params={"q": typed + '"'}, headers=HTML).text
    assert "<script>window.pwned" not in body
    assert "&lt;script&gt;window.pwned=9" in body
    # The hostile article (script in its title, body, outlet and a javascript: URL).
    body = search_client.get("/search", params={"q": "pwned"}, headers=HTML).text
    assert "<script" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;script&gt;window." in body
    assert 'href="javascript:' not in body
    assert "<i>Evil</i>" not in body


def test_cli_search_prints_hits_and_their_claims(search_store: Path) -> None:
    result = runner.invoke(app, ["search", "Shahed", "--db", str(search_store)])
    assert result.exit_code == 0, result.output
    assert "Iran -> Russia arms" in result.output
    assert "2 of 2 articles match Shahed" in result.output
    as_json = runner.invoke(app, ["search", "Pyong*", "--json", "--db", str(search_store)])
    assert json.loads(as_json.output)["rows"][0]["doc_id"] == "nk-wagner"


def test_cli_search_mistakes_exit_2_with_one_line(search_store: Path) -> None:
    for args in (["search", '"drones'], ["search"], ["search", "x", "--from", "May"]):
        result = runner.invoke(app, [*args, "--db", str(search_store)])
        assert result.exit_code == 2, args
        assert len(result.output.strip().splitlines()) == 1, result.output
