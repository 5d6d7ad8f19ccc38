"""One read layer (issue 11): the same question asked through the CLI, the API, the page
JSON and the exports gets the same numbers; only a document's latest version counts; every
actor parameter resolves aliases; bad inputs are errors; denials are found; a relative date
does not pass for an exact one. Articles here are our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backers import fuse
from backers.cli import app
from backers.records import BODY
from backers.serve.app import create_app

from ..serve.store_data import Part, article, build_store, claim

runner = CliRunner()


def _later_articles(path: Path) -> None:
    """A second version of the Belarus article (changed text, another claim), and an
    article dated only "4 days ago" from a file time, with no outlet."""
    store = build_store(path)
    v2 = article(
        "belarus-training",
        [Part(BODY, "Analysts now say that Belarus has sent instructors to Russia.")],
        title="Belarus sent instructors to Russia",
        outlet="Example Monitor",
        published="2023-04",
        published_precision="month",
    )
    relative = article(
        "undated-wire",
        [Part(BODY, "Iran shipped more drones to Russia, the ministry said.")],
        title="More drones",
        published="2026-12-02",
        published_precision="relative",
    )
    claims = {
        v2.id: [
            claim(v2, v2.text, supporter="Belarus", recipient="Russia", type="personnel",
                  claimant="Analysts"),
        ],
        relative.id: [
            claim(relative, relative.text, supporter="Iran", recipient="Russia", type="arms"),
        ],
    }  # fmt: skip
    store.write_batch([v2, relative], claims, extractor="test", after=fuse.update)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("readlayer") / "read.duckdb"
    _later_articles(path)
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def cli(*args: str) -> list[dict]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


COUNTS = ("sources", "articles", "claims", "denials")


def _numbers(rel: dict) -> tuple:
    return (*(rel[k] for k in COUNTS), rel["confidence"]["score"], rel["first_seen"],
            rel["last_seen"])  # fmt: skip


@pytest.mark.parametrize(("sup", "rec"), [("Iran", "Russia"), ("North Korea", "Wagner Group")])
def test_same_numbers_for_a_relation_on_every_surface(db, client, sup, rec):
    rels = {r["id"]: _numbers(r) for r in cli("relations", "--db", db, "--supporter", sup,
                                               "--recipient", rec, "--json")}  # fmt: skip
    assert rels
    api = client.get("/api/relations", params={"supporter": sup, "recipient": rec}).json()
    assert {r["id"]: _numbers(r) for r in api["rows"]} == rels
    evidence = client.get("/api/evidence", params={"supporter": sup, "recipient": rec}).json()
    assert {r["id"]: _numbers(r) for r in evidence["relations"]} == rels
    page = client.get("/evidence.json", params={"supporter": sup, "recipient": rec}).json()
    assert {r["id"]: _numbers(r) for r in page["relations"]} == rels
    (trail,) = cli("relation", sup, rec, "--db", db, "--json")
    assert {r["id"]: _numbers(r) for r in trail["relations"]} == rels
    backers = [w for w in cli("who-backs", rec, "--db", db, "--json") if w["supporter"] == sup]
    assert {r["id"]: _numbers(r) for r in backers[0]["relations"]} == rels
    exported = cli("export", "--db", db, "--supporter", sup, "--recipient", rec)
    assert {r["id"]: _numbers(r) for r in exported} == rels
    # The pair: who-backs, the graph (API and page) and the evidence summary agree.
    edge = [e for e in client.get("/api/graph").json()["edges"]
            if e["source"] == sup and e["target"] == rec][0]  # fmt: skip
    page_edge = [e for e in client.get("/index.json").json()["edges"] if e["id"] == edge["id"]]
    assert page_edge == [edge]
    pair = (backers[0]["sources"], backers[0]["articles"])
    assert pair == (edge["sources"], edge["articles"])
    assert pair == (evidence["summary"]["sources"], evidence["summary"]["articles"])


def test_claim_counts_agree_everywhere_and_only_the_latest_version_counts(db, client):
    listed = cli("claims", "--db", db, "--format", "jsonl")
    exported = cli("export", "--db", db, "--table", "claims")
    api = client.get("/api/claims", params={"limit": 500}).json()
    assert len(listed) == len(exported) == api["total"] == len(api["rows"])
    # Version 1 of belarus-training said "training"; version 2 says "personnel".
    belarus = {(c["type"]) for c in listed if c["supporter"] == "Belarus"}
    assert belarus == {"personnel"}
    assert {c["type"] for c in api["rows"] if c["supporter"] == "Belarus"} == {"personnel"}
    rels = cli("relations", "--db", db, "--supporter", "Belarus", "--json")
    assert [r["type"] for r in rels] == ["personnel"]
    timeline = client.get("/api/timeline", params={"supporter": "Belarus"}).json()
    assert timeline["total"] + timeline["undated"] == 1


@pytest.mark.parametrize("name", ["Wagner Group", "wagner group", "Wagner"])
def test_every_actor_parameter_resolves_aliases(db, client, name):
    assert len(cli("claims", "--db", db, "--recipient", name, "--format", "jsonl")) == 2
    assert client.get("/api/claims", params={"recipient": name}).json()["total"] == 2
    assert client.get("/api/relations", params={"actor": name}).json()["total"] == 1
    assert len(cli("export", "--db", db, "--table", "claims", "--actor", name)) == 2


def test_the_kremlin_and_pyongyang_are_their_states(db, client):
    assert len(cli("claims", "--db", db, "--supporter", "Pyongyang", "--format", "jsonl")) == 2
    rus = cli("claims", "--db", db, "--recipient", "Kremlin", "--format", "jsonl")
    assert rus and {c["recipient"] for c in rus} == {"Russia"}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["claims", "--type", "weapons"], "--type 'weapons'"),
        (["claims", "--certainty", "sure"], "unknown certainty 'sure'"),
        (["relations", "--from", "last week"], "--from 'last week'"),
        (["export", "-f", "gexf", "--table", "claims"], "claims table"),
        (["export", "-f", "ftm", "--table", "claims"], "claims table"),
    ],
)
def test_bad_cli_inputs_exit_2_naming_them(db, args, says):
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2, result.output
    assert says in result.output


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/api/relations?recipent=Russia", "recipent"),
        ("/api/claims?type=weapons", "weapons"),
        ("/api/export/gexf?table=claims", "claims table"),
        ("/api/evidence?supporter=Iran&recipient=Russia&tpye=arms", "tpye"),
        ("/index.json?certainty=sure", "sure"),
        ("/timeline?recipent=Russia", "recipent"),
    ],
)
def test_bad_api_inputs_are_400_in_the_error_shape(client, path, says):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["status"] == 400 and says in error["message"]


def test_certainty_denied_finds_every_relation_with_a_denial(db, client):
    denied = cli("relations", "--db", db, "--certainty", "denied", "--json")
    every = cli("relations", "--db", db, "--json")
    assert {r["id"] for r in denied} == {r["id"] for r in every if r["denials"]}
    assert denied, "the store has a denial (Pyongyang denies arming Wagner)"
    edges = client.get("/api/graph", params={"certainty": "denied"}).json()["edges"]
    assert {(e["source"], e["target"]) for e in edges} == {("North Korea", "Wagner Group")}
    assert edges[0]["sources"] == 1  # the denial's source, not 0


def test_a_relative_date_does_not_widen_first_and_last_seen(db, client):
    (arms,) = cli("relations", "--db", db, "--supporter", "Iran", "--type", "arms", "--json")
    assert arms["claims"] == 3  # the relative-dated article's claim counts as a claim ...
    assert arms["last_seen"] == "2022-10-21"  # ... but not as a 2026 sighting
    rows = client.get("/api/claims", params={"doc_id": "undated-wire"}).json()["rows"]
    assert rows[0]["date"] is None and rows[0]["published_precision"] == "relative"
    timeline = client.get("/api/timeline", params={"supporter": "Iran"}).json()
    assert timeline["undated"] == 1


def test_an_unknown_outlet_is_not_a_claimant_named_after_the_doc_id(db):
    result = runner.invoke(app, ["relation", "Iran", "Russia", "--db", db])
    assert result.exit_code == 0, result.output
    assert "undated-wire (own voice)" not in result.output
    assert "unattributed (outlet unknown)" in result.output


def test_pages_do_not_show_a_relative_date_as_exact(client):
    evidence = client.get("/evidence", params={"supporter": "Iran", "recipient": "Russia"})
    assert evidence.status_code == 200
    assert "2026-12-02, a relative date, not exact" in evidence.text
    document = client.get("/documents/undated-wire")
    assert "(relative date, not exact)" in document.text


def test_who_backs_says_which_relation_its_confidence_is(db):
    """Issue 11: `who-backs Houthis` showed 3 sources in one column and "(1 source)" in the
    confidence, with nothing saying the confidence is one type's."""
    result = runner.invoke(app, ["who-backs", "Russia", "--db", db])
    assert result.exit_code == 0, result.output
    iran = [line for line in result.output.splitlines() if line.startswith("Iran\t")][0]
    sources, confidence = iran.split("\t")[4], iran.split("\t")[6]
    assert sources == "2"  # the pair: the wire text (reprinted) and the undated article
    assert confidence == "0.88 arms (confirmed; 2 sources, 2 parties)"


def test_a_denial_is_linked_to_the_claims_it_denies(client):
    found = client.get(
        "/api/evidence", params={"supporter": "Pyongyang", "recipient": "wagner"}
    ).json()
    (denial,) = [c for c in found["claims"] if c["role"] == "against"]
    supporting = {c["id"] for c in found["claims"] if c["role"] == "for"}
    assert supporting and set(denial["denies"]) == supporting
