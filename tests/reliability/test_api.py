"""The API under hostile requests: schema-generated requests (valid and invalid) never get
a 5xx and every error has the one shape; SQL-like filter values are bound parameters that
match nothing (and leave the store intact); no endpoint reads a file named by the client.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from backers.serve.app import create_app

from .helpers import TALLY, fuzz_seconds, hostile_store, run_for

# Schemathesis reads the schema at import time, before fixtures exist.
_DB = Path(tempfile.mkdtemp(prefix="backers-reliability-")) / "api.duckdb"
hostile_store(_DB)
APP = create_app(_DB)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
STRATEGY = SCHEMA.as_strategy(GenerationMode.POSITIVE) | SCHEMA.as_strategy(GenerationMode.NEGATIVE)


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(APP, raise_server_exceptions=False) as c:
        yield c


def check_response(status: int, body: Any, text: str) -> None:
    assert status < 500, text[:2000]
    if status >= 400 and isinstance(body, dict):
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"status", "code", "message"}, body
        assert body["error"]["status"] == status, body


def run_schema(examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(STRATEGY)
    def check(case: schemathesis.Case) -> None:
        TALLY["api generated requests"] += 1
        response = case.call()
        body = None
        if response.status_code >= 400:
            body = response.json()  # errors are JSON for API clients
        check_response(response.status_code, body, response.text)

    check()


def test_generated_requests_fast() -> None:
    run_schema(40)


@pytest.mark.fuzz
def test_generated_requests_long() -> None:
    run_for(fuzz_seconds(), lambda: run_schema(300))


SQLISH = [
    "' OR 1=1 --",
    '" OR ""="',
    "x'; DROP TABLE documents; --",
    "') UNION SELECT id, text FROM documents --",
    "'",
]
FILTERS = ["supporter", "recipient", "actor", "claimant", "outlet"]
LISTINGS = ["/api/relations", "/api/claims", "/api/graph"]


@pytest.mark.parametrize("payload", SQLISH)
def test_sql_like_filters_match_nothing(client: TestClient, payload: str) -> None:
    for path in LISTINGS:
        for name in FILTERS:
            response = client.get(path, params={name: payload})
            TALLY["api sql-like requests"] += 1
            check_response(response.status_code, response.json(), response.text)
            if response.status_code == 200:
                assert not rows(response.json()), (path, name, response.json())
    for path, params in [
        ("/api/actors", {"q": payload}),
        ("/api/evidence", {"supporter": payload, "recipient": payload}),
        ("/api/evidence", {"supporter": "Atlantis", "recipient": payload}),
    ]:
        response = client.get(path, params=params)
        TALLY["api sql-like requests"] += 1
        check_response(response.status_code, response.json(), response.text)
        if response.status_code == 200:
            # A search finds names containing the text, nothing else.
            found = [r.get("name", "") for r in rows(response.json())]
            assert all(payload.lower() in name.lower() for name in found), (path, found)
    for path in (f"/api/actors/{quote(payload, safe='')}", f"/api/documents/{quote(payload)}"):
        response = client.get(path)
        check_response(response.status_code, response.json(), response.text)
        assert response.status_code in (400, 404), (path, response.text)
    # The store is intact and the plain relation still answers.
    ok = client.get("/api/relations", params={"supporter": "Atlantis"})
    assert ok.status_code == 200 and rows(ok.json()), ok.text


def rows(body: dict) -> list:
    """The result rows of a listing, whatever the key it puts them under."""
    for key in ("relations", "claims", "edges", "actors", "items", "rows", "results"):
        if isinstance(body.get(key), list) and body[key]:
            return body[key]
    return []


def test_filters_reach_rows(client: TestClient) -> None:
    """The listings do find rows with a real filter (so 'no rows' above means something)."""
    for path in LISTINGS:
        response = client.get(path, params={"supporter": "Atlantis"})
        assert response.status_code == 200
        assert rows(response.json()) or path == "/api/timeline", (path, response.json())


TRAVERSALS = [
    "/api/documents/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/documents/%2Fetc%2Fpasswd",
    "/api/documents/....%2F%2F....%2F%2Fetc%2Fpasswd",
    "/api/actors/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/actors/../../../etc/passwd",
    "/documents/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/actors/..%2F..%2Fetc%2Fpasswd",
    "/static/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/static/../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%5c..%5c..%5cetc%5cpasswd",
    "/api/export?format=csv&table=..%2F..%2Fetc%2Fpasswd",
    "/api/export?format=..%2F..%2Fetc%2Fpasswd",
    "/static/../app.py",
    "/static/..%2Fapp.py",
    "/static/..%2F..%2F..%2Fstore%2Fdb.py",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_read_by_user_path(client: TestClient, path: str) -> None:
    response = client.get(path)
    TALLY["api traversal requests"] += 1
    assert response.status_code < 500, response.text
    assert "root:" not in response.text
    assert "import " not in response.text  # no Python source either
    if response.status_code == 200:
        assert path.startswith(("/api/actors/", "/actors/")), path


def test_store_file_is_not_served(client: TestClient) -> None:
    for path in (f"/static/{_DB.name}", f"/static/..%2F{_DB.name}", f"/api/documents/{_DB}"):
        response = client.get(path)
        assert response.status_code in (400, 404), (path, response.status_code)
