"""--min-reliability and --no-state-media narrow every listing through the one filter
builder (SQL), in agreement with the ratings shown next to each sentence (Python)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backers.cli import app
from backers.query.claims import list_claims
from backers.query.filters import Filters
from backers.query.fused import list_relations
from backers.query.relations import relation_evidence
from backers.serve.app import create_app
from backers.store import Store


def _claims(path: Path, **kw: object) -> set[str]:
    with Store(path).read() as con:
        rows, _ = list_claims(con, Filters(**kw), limit=None)
    return {r["doc_id"] for r in rows}


@pytest.mark.parametrize(
    ("kw", "docs"),
    [
        ({}, {"wire", "state", "pundit", "blog"}),
        ({"min_reliability": 3}, {"wire"}),
        ({"min_reliability": 1}, {"wire"}),
        ({"min_reliability": 0}, {"wire", "state", "pundit"}),  # unrated never passes
        ({"no_state_media": True}, {"wire", "pundit", "blog"}),
        ({"min_reliability": 0, "no_state_media": True}, {"wire", "pundit"}),
    ],
)
def test_claim_listings_keep_what_the_ratings_say(rated_store: Path, kw: dict, docs: set) -> None:
    assert _claims(rated_store, **kw) == docs


def test_the_sql_filter_agrees_with_the_rating_shown(rated_store: Path) -> None:
    with Store(rated_store).read() as con:
        rows, _ = list_claims(con, Filters(), limit=None)
    for level in range(4):
        shown = {
            r["doc_id"]
            for r in rows
            if r["source_rating"] and r["source_rating"]["reliability"] >= level
        }
        assert _claims(rated_store, min_reliability=level) == shown
    state = {r["doc_id"] for r in rows if (r["source_rating"] or {}).get("state_affiliated")}
    assert _claims(rated_store, no_state_media=True) == {r["doc_id"] for r in rows} - state


def test_relations_evidence_api_and_cli_carry_and_filter_ratings(rated_store: Path) -> None:
    with Store(rated_store).read() as con:
        rels, total = list_relations(con, min_reliability=3)
        assert total == 1 and rels[0]["supporter"] == "Atlantis"
        ev = relation_evidence(con, "Borduria", "Ruritania")
    rating = ev["claims"][0]["source_rating"]
    assert rating["name"] == "RT" and rating["state_affiliated"] and rating["reliability"] == 0
    with TestClient(create_app(rated_store)) as client:
        found = client.get("/api/relations", params={"no_state_media": "true"}).json()
        assert {r["supporter"] for r in found["rows"]} == {"Atlantis", "Carpania", "Dystopia"}
        claims = client.get("/api/claims", params={"min_reliability": "3"}).json()["rows"]
        assert [c["source_rating"]["level"] for c in claims] == ["generally reliable"]
        assert client.get("/api/claims?min_reliability=high").status_code == 400
        page = client.get("/evidence?supporter=Borduria&recipient=Ruritania").text
        assert "0 deprecated, state" in page
    runner = CliRunner()
    out = runner.invoke(app, ["relations", "--min-reliability", "3", "--db", str(rated_store)])
    assert out.exit_code == 0 and "Atlantis" in out.output and "Borduria" not in out.output
    out = runner.invoke(app, ["relation", "Carpania", "Ruritania", "--db", str(rated_store)])
    assert "[0 deprecated]" in out.output
    out = runner.invoke(app, ["claims", "--no-state-media", "--db", str(rated_store)])
    assert "Borduria" not in out.output and out.output.startswith("3 claims")
    bad = runner.invoke(app, ["claims", "--min-reliability", "4", "--db", str(rated_store)])
    assert bad.exit_code == 2
