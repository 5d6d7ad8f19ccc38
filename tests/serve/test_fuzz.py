"""Generated requests from the OpenAPI schema: whatever a client sends, the API answers
with data or a 4xx in the error shape, never a 500."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from backers.serve.app import create_app

from .store_data import build_store

pytestmark = pytest.mark.slow

# Schemathesis needs the schema when the module is collected, before fixtures exist.
_STORE = Path(tempfile.mkdtemp(prefix="backers-fuzz-")) / "fuzz.duckdb"
build_store(_STORE)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_STORE))


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_500_and_one_error_shape(case: schemathesis.Case) -> None:
    # Generous: other work may share the machine; a slow answer is not what this checks.
    response = case.call(timeout=120)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"status", "code", "message"}
        assert body["error"]["status"] == response.status_code
