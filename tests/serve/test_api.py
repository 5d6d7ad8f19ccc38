"""The JSON API, endpoint by endpoint and filter by filter, over the test store."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from .store_data import KIRBY_CONFIRM


def pairs(body: dict) -> set[tuple[str, str]]:
    return {(e["source"], e["target"]) for e in body["edges"]}


def test_actors_lists_both_sides_with_counts(client: TestClient) -> None:
    body = client.get("/api/actors").json()
    names = {row["name"]: row for row in body["rows"]}
    assert {"Iran", "Russia", "North Korea", "Wagner Group", "Israel", "Ukraine"} <= set(names)
    assert names["Russia"]["backed_by"] == 2  # Iran and Belarus
    assert names["Iran"]["backs"] == 1
    assert body["total"] == len(body["rows"])


def test_actors_search_is_case_insensitive_substring(client: TestClient) -> None:
    body = client.get("/api/actors", params={"q": "KOREA"}).json()
    assert [row["name"] for row in body["rows"]] == ["North Korea"]


def test_actor_profile_who_backs_and_whom(client: TestClient) -> None:
    body = client.get("/api/actors/Russia").json()
    assert body["name"] == "Russia"
    assert {e["source"] for e in body["backed_by"]} == {"Iran", "Belarus"}
    assert body["backs"] == []
    assert [m["period"] for m in body["over_time"]] == ["2022-10", "2023-03"]


def test_actor_profile_resolves_case_and_metonyms(client: TestClient) -> None:
    assert client.get("/api/actors/russia").json()["name"] == "Russia"
    assert client.get("/api/actors/the Kremlin").json()["name"] == "Russia"


def test_unknown_actor_is_404_with_suggestion(client: TestClient) -> None:
    response = client.get("/api/actors/Rusia")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown-actor"
    assert "Russia" in response.json()["error"]["message"]


def test_relations_are_fusions_rows_with_total(client: TestClient) -> None:
    body = client.get("/api/relations").json()
    keys = {(r["supporter"], r["recipient"], r["type"]) for r in body["rows"]}
    assert ("Iran", "Russia", "arms") in keys
    assert ("Iran", "Russia", "personnel") in keys
    assert body["total"] == len(body["rows"])
    assert body["next_offset"] is None


def test_relations_paginate(client: TestClient) -> None:
    everything = client.get("/api/relations").json()
    first = client.get("/api/relations", params={"limit": 2}).json()
    second = client.get("/api/relations", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == everything["total"]
    assert first["next_offset"] == 2
    assert [r["id"] for r in first["rows"] + second["rows"]] == [
        r["id"] for r in everything["rows"][:4]
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"supporter": "Iran"}, {("Iran", "Russia")}),
        ({"supporter": "tehran"}, {("Iran", "Russia")}),
        ({"recipient": "Russia"}, {("Iran", "Russia"), ("Belarus", "Russia")}),
        ({"actor": "Russia"}, {("Iran", "Russia"), ("Belarus", "Russia")}),
        ({"type": "training"}, {("Belarus", "Russia")}),
        ({"status": "refused"}, {("Israel", "Ukraine")}),
        ({"certainty": "confirmed"}, {("Iran", "Russia")}),
        ({"certainty": "confirmed,assessed"}, {("Iran", "Russia"), ("Belarus", "Russia")}),
        ({"claimant": "John Kirby"}, {("Iran", "Russia")}),
        ({"claimant": "United States"}, {("Iran", "Russia"), ("North Korea", "Wagner Group")}),
        ({"outlet": "Example Post"}, {("Israel", "Ukraine")}),
        ({"date_from": "2023-02", "date_to": "2023-04"}, {("Belarus", "Russia")}),
        ({"date_to": "2022"}, {("Iran", "Russia"), ("Israel", "Ukraine")}),
        ({"min_sources": 2}, set()),
    ],
)
def test_graph_filters(client: TestClient, params: dict, expected: set) -> None:
    response = client.get("/api/graph", params=params)
    assert response.status_code == 200, response.text
    assert pairs(response.json()) == expected


def test_certainty_is_repeatable(client: TestClient) -> None:
    response = client.get("/api/graph?certainty=confirmed&certainty=assessed")
    assert pairs(response.json()) == {("Iran", "Russia"), ("Belarus", "Russia")}


def test_graph_edges_carry_the_evidence_summary(client: TestClient) -> None:
    body = client.get("/api/graph").json()
    edge = next(e for e in body["edges"] if (e["source"], e["target"]) == ("Iran", "Russia"))
    assert set(edge["types"]) == {"arms", "personnel"}
    assert edge["certainties"] == ["assessed", "confirmed"]
    # The reprint is the same text: one independent source, two articles.
    assert edge["sources"] == 1
    assert edge["articles"] == 2
    nk = next(e for e in body["edges"] if e["source"] == "North Korea")
    assert nk["denied_by"]
    assert {n["id"] for n in body["nodes"]} >= {"Iran", "Russia", "North Korea", "Wagner Group"}


def test_claims_filter_and_carry_their_document(client: TestClient) -> None:
    body = client.get("/api/claims", params={"supporter": "Iran", "type": "arms"}).json()
    assert body["total"] == 2  # the article and its reprint
    row = body["rows"][0]
    assert row["sentence"] == KIRBY_CONFIRM
    assert row["claimant"] == "John Kirby"
    assert row["outlet"] in {"Example Wire", "Example Daily"}
    assert row["date"].startswith("2022-10")


@pytest.mark.parametrize(
    ("params", "total"),
    [
        ({}, 8),
        ({"certainty": "denied"}, 1),
        ({"status": "refused"}, 1),
        ({"outlet": "example wire"}, 2),
        ({"claimant": "White House"}, 1),
        ({"date_from": "2023"}, 4),
        ({"min_sources": 1}, 8),
        ({"min_sources": 2}, 0),
        ({"actor": "Pyongyang"}, 2),
        ({"recipient": "Wagner Group"}, 2),
        ({"date_to": "2022-10"}, 4),
        ({"type": "training"}, 1),
        ({"supporter": "Iran", "certainty": ["assessed", "denied"]}, 1),
    ],
)
def test_claims_filters(client: TestClient, params: dict, total: int) -> None:
    response = client.get("/api/claims", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["total"] == total


def test_evidence_has_kirby_sentence_in_context(client: TestClient) -> None:
    body = client.get("/api/evidence", params={"supporter": "Iran", "recipient": "Russia"}).json()
    assert body["summary"]["source"] == "Iran"
    sentences = [c["sentence"] for c in body["claims"]]
    assert KIRBY_CONFIRM in sentences
    claim = next(c for c in body["claims"] if c["sentence"] == KIRBY_CONFIRM)
    assert claim["in_text"] == KIRBY_CONFIRM  # offsets point at the sentence
    assert claim["before"].endswith("arming Moscow. ")
    assert claim["after"].startswith(" We assess")
    assert claim["certainty"] == "confirmed"


def test_evidence_includes_denials(client: TestClient) -> None:
    body = client.get(
        "/api/evidence", params={"supporter": "North Korea", "recipient": "Wagner Group"}
    ).json()
    assert {c["role"] for c in body["claims"]} == {"for", "against"}


@pytest.mark.parametrize("key", ["drones-crimea", "article-id"])
def test_document_by_doc_id_or_article_id(client: TestClient, key: str) -> None:
    if key == "article-id":
        key = client.get("/api/documents/drones-crimea").json()["id"]
    body = client.get(f"/api/documents/{key}").json()
    assert body["doc_id"] == "drones-crimea"
    kinds = [s["kind"] for s in body["sections"]]
    assert kinds == ["title", "body", "caption", "noise", "comments"]
    assert [s["removed"] for s in body["sections"]] == [False, False, True, True, True]
    for c in body["claims"]:
        assert body["text"][c["start"] : c["end"]] == c["sentence"]
    assert len(body["claims"]) == 2


def test_timeline_buckets_and_items(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    assert [b["period"] for b in body["buckets"]] == ["2022-10", "2023-01", "2023-03", "2023-05"]
    assert sum(b["claims"] for b in body["buckets"]) == body["total"] == 8
    dates = [r["date"] for r in body["rows"]]
    assert dates == sorted(dates)
    assert body["undated"] == 0


@pytest.mark.parametrize(
    ("params", "total"),
    [
        ({"supporter": "North Korea"}, 2),
        ({"type": "arms", "status": "delivered"}, 5),
        ({"date_from": "2023-01", "date_to": "2023-03"}, 3),
        ({"outlet": "Example Post"}, 1),
        ({"claimant": "Analysts"}, 1),
    ],
)
def test_timeline_filter_table(client: TestClient, params: dict, total: int) -> None:
    body = client.get("/api/timeline", params=params).json()
    assert body["total"] == total
    assert sum(b["claims"] for b in body["buckets"]) == total


def test_actors_paginate(client: TestClient) -> None:
    everything = client.get("/api/actors").json()["rows"]
    page = client.get("/api/actors", params={"limit": 3, "offset": 3}).json()
    assert page["rows"] == everything[3:6]
    assert page["next_offset"] == 6


def test_timeline_filters(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"certainty": "assessed"}).json()
    assert {r["supporter"] for r in body["rows"]} == {"Iran", "Belarus"}
    assert body["total"] == 2


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "gexf", "graphml", "ftm"])
def test_exports(client: TestClient, fmt: str) -> None:
    response = client.get(f"/api/export/{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert "Iran" in response.text and "Russia" in response.text


def test_export_respects_filters_and_table(client: TestClient) -> None:
    text = client.get("/api/export/jsonl", params={"certainty": "assessed"}).text
    rows = [json.loads(line) for line in text.splitlines()]
    assert {(r["supporter"], r["type"]) for r in rows} == {
        ("Belarus", "training"),
        ("Iran", "personnel"),
    }
    claims = client.get("/api/export/csv", params={"table": "claims", "supporter": "Iran"}).text
    assert "We can confirm" in claims


def test_page_size_limit_comes_from_settings(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKERS_MAX_PAGE_SIZE", "3")
    assert client.get("/api/relations", params={"limit": 3}).status_code == 200
    response = client.get("/api/relations", params={"limit": 4})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "page-too-large"
    assert "BACKERS_MAX_PAGE_SIZE" in response.json()["error"]["message"]


def test_injection_attempts_are_just_values(client: TestClient) -> None:
    for value in ["Iran' OR '1'='1", "Iran); DROP TABLE claims; --", "%", "_"]:
        response = client.get("/api/claims", params={"supporter": value})
        assert response.status_code == 200
        assert response.json()["total"] == 0
    assert client.get("/api/claims").json()["total"] == 8
