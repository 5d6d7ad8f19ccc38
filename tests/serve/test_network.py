"""The network at any scale, over the test store: pages of edges most-sourced first,
actor prefix search, focus on a neighbourhood, per-conflict views, the why line, dates
with their source, the evidence page one row per sentence, and the proportional axis."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from fastapi.testclient import TestClient

from backers.query.dating import describe_date
from backers.query.relations import sentence_rows
from backers.serve.markdown import pieces
from backers.serve.timeaxis import axis

from .store_data import KIRBY_ASSESS, KIRBY_CONFIRM


def pairs(body: dict) -> list[tuple[str, str]]:
    return [(e["source"], e["target"]) for e in body["edges"]]


def test_graph_pages_cover_every_edge_once_most_sourced_first(client: TestClient) -> None:
    whole = client.get("/api/graph").json()
    assert whole["total"] == len(whole["edges"]) == 5
    assert whole["next_offset"] is None
    sources = [e["sources"] for e in whole["edges"]]
    assert sources == sorted(sources, reverse=True)
    first = client.get("/api/graph", params={"limit": 2}).json()
    assert len(first["edges"]) == 2 and first["total"] == 5 and first["next_offset"] == 2
    rest = []
    offset = first["next_offset"]
    while offset is not None:
        page = client.get("/api/graph", params={"limit": 2, "offset": offset}).json()
        rest += pairs(page)
        offset = page["next_offset"]
    assert sorted(pairs(first) + rest) == sorted(pairs(whole))
    # nodes are those of the page's edges only
    assert {n["id"] for n in first["nodes"]} == {x for p in pairs(first) for x in p}


def test_graph_nodes_carry_sources_and_partners_beyond_the_page(client: TestClient) -> None:
    body = client.get("/api/graph", params={"limit": 1}).json()
    nodes = {n["id"]: n for n in client.get("/api/graph").json()["nodes"]}
    assert nodes["Russia"]["partners"] == 2  # Iran and Belarus
    assert nodes["Russia"]["sources"] == 2  # Kirby's source and the analysts'
    assert nodes["Iran"]["sources"] == 1  # the reprint is the same source
    assert len(body["edges"]) == 1


def test_graph_limit_and_view_parameters_are_strict(client: TestClient) -> None:
    too_many = client.get("/api/graph", params={"limit": 5000})
    assert too_many.status_code == 400
    bad = client.get("/api/graph", params={"conflict": "atlantis-war"})
    assert bad.status_code == 400
    assert "russia-ukraine" in bad.json()["error"]["message"]
    assert client.get("/api/graph", params={"region": "Mars"}).status_code == 400
    assert client.get("/api/graph", params={"focuss": "Iran"}).status_code == 400


def test_why_line_says_what_who_how_many_and_when(client: TestClient) -> None:
    edges = {(e["source"], e["target"]): e for e in client.get("/api/graph").json()["edges"]}
    why = edges[("Iran", "Russia")]["why"]
    assert why.startswith("Iran → Russia: arms, personnel (assessed, confirmed)")
    assert "1 independent source in 2 articles" in why
    assert "claimed by United States (John Kirby)" in why
    assert "seen 2022-10-20 to 2022-10-21" in why
    assert "denied by North Korea" in edges[("North Korea", "Wagner Group")]["why"]
    evidence = client.get("/api/evidence", params={"supporter": "Iran", "recipient": "Russia"})
    assert evidence.json()["summary"]["why"] == why


@pytest.mark.parametrize(
    ("focus", "expected"),
    [
        ("Russia", {("Iran", "Russia"), ("Belarus", "Russia")}),
        ("iran", {("Iran", "Russia")}),
        ("Wagner", {("North Korea", "Wagner Group")}),
        ("Nobody Atall", set()),
    ],
)
def test_focus_is_one_actors_neighbourhood(
    client: TestClient, focus: str, expected: set[tuple[str, str]]
) -> None:
    body = client.get("/api/graph", params={"focus": focus}).json()
    assert set(pairs(body)) == expected
    assert body["total"] == len(expected)


def test_focus_puts_the_actors_own_relations_first(client: TestClient) -> None:
    body = client.get("/api/graph", params={"focus": "Belarus"}).json()
    assert pairs(body) == [("Belarus", "Russia")]  # Iran is not Belarus's partner
    both = client.get("/api/graph", params={"focus": "Russia", "limit": 1}).json()
    assert both["edges"][0]["target"] == "Russia" and both["next_offset"] == 1


def test_conflict_and_region_views(client: TestClient) -> None:
    war = client.get("/api/graph", params={"conflict": "russia-ukraine"}).json()
    assert set(pairs(war)) == {
        ("Iran", "Russia"),
        ("Belarus", "Russia"),
        ("Israel", "Ukraine"),
        ("North Korea", "Wagner Group"),
    }
    korea = client.get("/api/graph", params={"region": "East Asia"}).json()
    assert set(pairs(korea)) == {("North Korea", "Wagner Group")}
    with_filter = client.get(
        "/api/graph", params={"conflict": "russia-ukraine", "certainty": "confirmed"}
    ).json()
    assert set(pairs(with_filter)) == {("Iran", "Russia")}
    assert {c["id"] for c in war["conflicts"]} >= {"russia-ukraine", "israel-gaza", "sudan"}


def test_actor_search_matches_prefixes_of_names_words_and_aliases(client: TestClient) -> None:
    def names(q: str) -> list[str]:
        response = client.get("/api/actor-search", params={"q": q})
        assert response.status_code == 200, response.text
        return [r["name"] for r in response.json()["rows"]]

    assert names("ru") == ["Russia"]
    assert names("KOR") == ["North Korea"]  # a word of the name
    assert "Russia" in names("Kreml")  # the alias "Kremlin"
    assert names("orea") == []  # a prefix, not a substring
    assert client.get("/api/actor-search").status_code == 400
    assert client.get("/api/actor-search", params={"q": "ir", "limit": 500}).status_code == 400


def test_network_page_sends_one_page_and_no_actor_list(client: TestClient) -> None:
    page = client.get("/", params={"limit": 2})
    assert page.status_code == 200
    assert page.text.count('class="edge"') == 2
    assert 'Showing <span id="edge-count">2</span> of <span id="edge-total">5</span>' in (page.text)
    assert 'id="more"' in page.text and "Show 2 more" in page.text
    focused = client.get("/", params={"focus": "Russia", "conflict": "russia-ukraine"})
    assert focused.status_code == 200
    # the exports take the filters only: no view parameter reaches their links
    assert 'href="/api/export/gexf"' in focused.text


def test_evidence_page_has_one_row_per_sentence_with_date_source(client: TestClient) -> None:
    page = client.get("/evidence", params={"supporter": "Iran", "recipient": "Russia"}).text
    # three claims: Kirby's two sentences and the reprint's copy of the first
    assert "3 sentences, 3 claims, oldest first" in page
    assert re.search(r"<mark>\s*" + re.escape(KIRBY_CONFIRM[:20]), page)
    assert '<time>2022-10-20</time> <span class="precision">(day)</span>' in page
    assert "source not recorded" in page  # the test store's articles have no date_source
    assert page.index("2022-10-20") < page.index("2022-10-21")


def test_sentence_rows_group_the_types_of_one_sentence() -> None:
    base = {
        "article_id": "a1", "start": 0, "end": 40, "role": "for", "sentence": KIRBY_ASSESS,
        "outlet": "Example Wire", "seen": "2022-10-20", "claimant": "John Kirby",
        "claimant_affiliation": "United States", "status": "delivered",
        "certainty": "assessed", "items": [],
    }  # fmt: skip
    rows = sentence_rows(
        [
            {**base, "id": "c1", "type": "personnel"},
            {**base, "id": "c2", "type": "training", "items": ["crews"]},
            {**base, "id": "c3", "type": "arms", "start": 50, "end": 90, "seen": "2022-01"},
            {**base, "id": "c4", "type": "arms", "start": 99, "end": 120, "seen": None},
        ]
    )
    assert [r["claims"] for r in rows] == [["c3"], ["c1", "c2"], ["c4"]]  # by date, undated last
    assert rows[1]["types"] == ["personnel", "training"]
    assert rows[1]["claimants"] == ["John Kirby (United States)"]
    assert rows[1]["items"] == ["crews"]


def test_markdown_links_become_links_only_for_http() -> None:
    text = "Said [the ministry](https://mod.example/x) and [this](javascript:alert(1)) too."
    found = pieces(text, mark=True)
    links = [p for p in found if p["href"]]
    assert links == [{"text": "the ministry", "href": "https://mod.example/x", "mark": True}]
    assert "".join(p["text"] for p in found).startswith("Said the ministry and ")
    assert all(p["mark"] for p in found)
    assert pieces("<script>alert(1)</script>") == [
        {"text": "<script>alert(1)</script>", "href": None, "mark": False}
    ]


@pytest.mark.parametrize(
    ("row", "source", "inferred", "relative"),
    [
        ({"published": "2022-10-20", "published_precision": "day", "date_source": "page"},
         "from the page's metadata", False, False),
        ({"published": "2022-10", "published_precision": "month", "date_source": "text"},
         "inferred from the article's text", True, False),
        ({"published": "2023-01-21", "published_precision": "relative",
          "date_source": "relative to the retrieval date"},
         "relative to the retrieval date", True, True),
        ({"time": "2021-03", "seen": "2021-03", "published": "2022-10-20",
          "published_precision": "day", "date_source": "page"},
         "stated in the sentence", False, False),
    ],
)  # fmt: skip
def test_dates_say_where_they_came_from(
    row: dict, source: str, inferred: bool, relative: bool
) -> None:
    found = describe_date(row)
    assert (found["source"], found["inferred"], found["relative"]) == (source, inferred, relative)


def test_time_axis_places_periods_by_time_not_as_categories() -> None:
    ax = axis(
        [
            {"period": "2015", "claims": 3},
            {"period": "2015-05", "claims": 4},
            {"period": "2021", "claims": 1},
            {"period": "2022-02", "claims": 8},
        ]
    )
    assert ax["first"] == "2015-01-01" and ax["last"] == "2023-01-01"
    days = (dt.date(2023, 1, 1) - dt.date(2015, 1, 1)).days
    per_day = ax["width"] / days
    bars = {b["period"]: b for b in ax["bars"]}
    spans = {s["period"]: s for s in ax["spans"]}
    assert bars["2015-05"]["x"] == pytest.approx(per_day * 120, abs=0.2)  # Jan-Apr 2015
    assert bars["2022-02"]["x"] == pytest.approx(per_day * (days - 334), abs=0.2)
    assert spans["2015"]["x"] == 0 and spans["2015"]["precision"] == "year"
    assert spans["2015"]["w"] == pytest.approx(per_day * 365, abs=0.2)  # the whole year
    assert spans["2021"]["x"] == pytest.approx(per_day * (days - 730), abs=0.2)
    assert bars["2022-02"]["h"] == 2 * bars["2015-05"]["h"]
    assert [t["label"] for t in ax["ticks"]][:2] == ["2015", "2016"]


def test_timeline_page_draws_the_proportional_axis(client: TestClient) -> None:
    page = client.get("/timeline").text
    assert 'class="time-axis"' in page
    assert 'data-period="2022-10" data-precision="month"' in page


def test_a_new_server_has_the_first_screen_before_its_first_request(store_path):
    """The network page as it opens is computed when the server opens its first snapshot
    (so the first visitor of a big store does not pay for the whole-store ranking), and it
    is the answer a request computes."""
    from fastapi.testclient import TestClient

    from backers.serve.app import create_app

    app = create_app(store_path)
    snapshots = app.state.snapshots
    seeded = snapshots.peek(("json", "/api/graph", ""))
    assert isinstance(seeded, bytes) and json.loads(seeded)["edges"]
    snapshots.remember = False  # compute again, to compare
    with TestClient(app) as client:
        fresh = client.get("/api/graph?limit=300").json()
    assert json.loads(seeded)["edges"] == fresh["edges"]
    assert json.loads(seeded)["nodes"] == fresh["nodes"]
    snapshots.close()
