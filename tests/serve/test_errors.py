"""One error shape, everywhere: ``{"error": {"status", "code", "message"}}``."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backers.serve import payloads
from backers.serve.app import create_app

BAD_REQUESTS = [
    # (path, status, code)
    ("/api/nothing-here", 404, "not-found"),
    ("/api/documents/no-such-doc", 404, "unknown-document"),
    ("/api/actors/Nobody", 404, "unknown-actor"),
    ("/api/evidence?supporter=Iran&recipient=Ukraine", 404, "unknown-relation"),
    ("/api/evidence?supporter=Iran", 400, "bad-parameter"),
    ("/api/export/xls", 404, "unknown-format"),
    ("/api/export/csv?table=nope", 400, "bad-parameter"),
    ("/api/relations?limit=100000", 400, "page-too-large"),
    ("/api/relations?limit=0", 400, "bad-parameter"),
    ("/api/relations?limit=ten", 400, "bad-parameter"),
    ("/api/relations?offset=-1", 400, "bad-parameter"),
    ("/api/relations?offset=99999999999999999999999", 400, "bad-parameter"),
    ("/api/relations?type=tanks", 400, "bad-parameter"),
    ("/api/relations?type=arms,combat", 400, "bad-parameter"),
    ("/api/relations?status=maybe", 400, "bad-parameter"),
    ("/api/claims?certainty=confirmed,sure", 400, "bad-parameter"),
    ("/api/graph?min_sources=0", 400, "bad-parameter"),
    ("/api/graph?min_sources=many", 400, "bad-parameter"),
    ("/api/graph?date_from=yesterday", 400, "bad-parameter"),
    ("/api/graph?date_from=2023-13", 400, "bad-parameter"),
    ("/api/graph?date_from=2024&date_to=2023", 400, "bad-parameter"),
    ("/api/timeline?limit=-5", 400, "bad-parameter"),
    ("/api/claims?supporter=%00", 400, "bad-parameter"),
    ("/api/search", 400, "bad-parameter"),
    ("/api/search?q=%22drones", 400, "bad-query"),
    ("/api/relations?min_reliability=high", 400, "bad-parameter"),
    ("/api/actors?q=" + "x" * 400, 400, "bad-parameter"),
    ("/index.json?certainty=nope", 400, "bad-parameter"),
    ("/timeline.json?limit=9999", 400, "page-too-large"),
    ("/documents/nope.json", 404, "unknown-document"),
    ("/actors/Nobody?format=json", 404, "unknown-actor"),
    ("/actors?format=xml", 400, "bad-parameter"),
    ("/static/nothing.js", 404, "not-found"),
    ("/api/changes?since=yesterday", 400, "bad-parameter"),
    ("/api/actor-search", 400, "bad-parameter"),
    ("/api/actor-search?q=ir&limit=500", 400, "bad-parameter"),
    ("/api/graph?limit=5000", 400, "bad-parameter"),
    ("/api/graph?conflict=nope", 400, "bad-parameter"),
    ("/api/changes?kind=new", 400, "bad-parameter"),
    ("/api/changes?actor=%00", 400, "bad-parameter"),
    ("/api/amounts?by=decade", 400, "bad-parameter"),
    ("/api/amounts?currency=euros", 400, "bad-parameter"),
    ("/api/corrections?state=lost", 400, "bad-parameter"),
    ("/api/claims/nope/corrections", 405, "method-not-allowed"),  # a write: POST only
]


def assert_shape(body: dict, status: int) -> None:
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]


@pytest.mark.parametrize(("path", "status", "code"), BAD_REQUESTS)
def test_error_shape(client: TestClient, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert_shape(response.json(), status)
    assert response.json()["error"]["code"] == code


def test_method_not_allowed_has_the_shape(client: TestClient) -> None:
    response = client.post("/api/relations")
    assert response.status_code == 405
    assert_shape(response.json(), 405)


@pytest.mark.parametrize(
    "path", ["/api/graph", "/api/relations", "/", "/index.json", "/actors/Iran?format=json"]
)
def test_unexpected_errors_are_500_in_the_shape(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail /some/path")

    for name in ("network_view", "relation_list", "actor"):
        monkeypatch.setattr(payloads, name, boom)
    # A client of its own, made after the patch: the session's has these answers
    # remembered for its snapshot, and a new server computes the first screen at once.
    client = TestClient(create_app(store_path), raise_server_exceptions=False)
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert_shape(response.json(), 500)
    assert "secret" not in response.text  # details stay in the log


def test_pages_show_errors_as_html_to_browsers(client: TestClient) -> None:
    response = client.get("/documents/nope", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "unknown-document" in response.text


def test_every_api_route_is_covered() -> None:
    """A new endpoint must get a bad-request case here."""
    from backers.serve.app import create_app

    app = create_app(":memory:")
    api_paths = {p for p in app.openapi()["paths"] if p.startswith("/api/")}
    covered = {p.split("?")[0] for p, _, _ in BAD_REQUESTS}
    prefixes = {
        "/api/actors": "/api/actors?",
        "/api/actors/{name}": "/api/actors/Nobody",
        "/api/relations": "/api/relations",
        "/api/evidence": "/api/evidence",
        "/api/claims": "/api/claims",
        "/api/documents/{key}": "/api/documents/no-such-doc",
        "/api/graph": "/api/graph",
        "/api/timeline": "/api/timeline",
        "/api/export/{fmt}": "/api/export/xls",
        "/api/changes": "/api/changes",
        "/api/actor-search": "/api/actor-search",
        "/api/search": "/api/search",
        "/api/amounts": "/api/amounts",
        "/api/corrections": "/api/corrections",
        "/api/claims/{claim_id}/corrections": "/api/claims/nope/corrections",
    }
    assert api_paths == set(prefixes)
    for template, concrete in prefixes.items():
        assert any(c.startswith(concrete.rstrip("?")) for c in covered), template
