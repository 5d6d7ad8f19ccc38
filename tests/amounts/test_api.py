"""``/api/amounts`` and the ``/amounts`` page: strict parameters, per-currency totals,
the sentences behind each figure."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .data import PLEDGE, PLEDGE_AGAIN


def test_api_totals_with_claim_ids(amounts_client: TestClient) -> None:
    body = amounts_client.get("/api/amounts", params={"supporter": "Germany"}).json()
    assert body["statuses"][:2] == ["pledged", "delivered"]
    eur = [r for r in body["rows"] if r["currency"] == "EUR"][0]
    assert eur["statuses"]["pledged"]["total"] == 5e8
    assert len(eur["statuses"]["pledged"]["claims"]) == 2
    assert "never added" in body["note"]


def test_api_sentences_and_filters(amounts_client: TestClient) -> None:
    body = amounts_client.get(
        "/api/amounts", params={"currency": "eur", "status": "pledged", "sentences": "true"}
    ).json()
    assert {r["currency"] for r in body["rows"]} == {"EUR"}
    assert body["statuses"] == ["pledged"]
    said = {c["sentence"] for r in body["rows"] for c in r["sentences"]}
    assert {PLEDGE, PLEDGE_AGAIN} <= said


def test_api_parameters_are_strict(amounts_client: TestClient) -> None:
    for params, code in [
        ({"unti": "all"}, "unknown-parameter"),
        ({"by": "decade"}, "bad-parameter"),
        ({"unit": "tanks"}, "bad-parameter"),
        ({"currency": "euros"}, "bad-parameter"),
        ({"status": "promised"}, "bad-parameter"),
        ({"limit": "0"}, None),
    ]:
        r = amounts_client.get("/api/amounts", params=params)
        assert r.status_code in (400, 422), params
        if code:
            assert r.json()["error"]["code"] == code
    r = amounts_client.get("/api/amounts", params={"supporter": "Narnia"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown-actor"


def test_page_table_chart_and_sentences(amounts_client: TestClient) -> None:
    html = amounts_client.get("/amounts").text
    assert '<a href="/amounts">Amounts</a>' in html
    assert 'id="amounts"' in html and "<details" in html
    assert "EUR 500 million" in html and PLEDGE in html
    assert "in EUR only" in html or "in USD only" in html
    assert amounts_client.get("/amounts", params={"by": "week"}).status_code == 400
    data = amounts_client.get("/amounts.json").json()
    assert data["rows"] and "sentences" in data["rows"][0]
