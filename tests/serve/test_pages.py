"""The HTML pages: each is also JSON from the same builder, and hostile text stays text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .store_data import HOSTILE_TITLE, KIRBY_CONFIRM

SERVE = Path(__file__).resolve().parents[2] / "src" / "backers" / "serve"

PAGES = [
    "/",
    "/?certainty=confirmed&type=arms&min_sources=1&date_from=2022",
    "/actors",
    "/actors?q=ir",
    "/actors/Russia",
    "/actors/Iran",
    "/evidence?supporter=Iran&recipient=Russia",
    "/documents/drones-crimea",
    "/documents/hostile",
    "/timeline",
    "/timeline?certainty=assessed&limit=1&offset=1",
    "/docs",
]

TWINS = [
    ("/index.json", "/api/graph"),
    ("/?format=json&certainty=confirmed", "/api/graph?certainty=confirmed"),
    ("/actors.json?q=ir", "/api/actors?q=ir"),
    ("/actors/Russia?format=json", "/api/actors/Russia"),
    ("/actors/Russia.json", "/api/actors/Russia"),
    (
        "/evidence.json?supporter=Iran&recipient=Russia",
        "/api/evidence?supporter=Iran&recipient=Russia",
    ),
    ("/documents/drones-crimea.json", "/api/documents/drones-crimea"),
    ("/timeline.json?limit=3", "/api/timeline?limit=3"),
]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_strict_csp(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    # No inline script may run under the policy: every <script> is external or inert JSON.
    for tag in re.findall(r"<script[^>]*>", response.text):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize(("page", "api"), TWINS)
def test_every_page_is_also_json_from_the_same_builder(
    client: TestClient, page: str, api: str
) -> None:
    as_page = client.get(page)
    assert as_page.headers["content-type"].startswith("application/json")
    assert as_page.json() == client.get(api).json()


def test_network_page_lists_edges_for_people_and_scripts(client: TestClient) -> None:
    html = client.get("/").text
    assert 'data-source="Iran" data-target="Russia"' in html
    assert 'data-source="North Korea" data-target="Wagner Group"' in html
    assert '<script src="/static/dist/network.js" defer></script>' in html
    filtered = client.get("/", params={"certainty": "confirmed"}).text
    assert 'href="/api/export/gexf?certainty=confirmed"' in filtered


def test_evidence_page_shows_the_sentence_in_context(client: TestClient) -> None:
    html = client.get("/evidence", params={"supporter": "Iran", "recipient": "Russia"}).text
    assert f"<mark>{KIRBY_CONFIRM}</mark>" in html
    assert "John Kirby" in html and "confirmed" in html and "Example Wire" in html
    assert "/documents/" in html


def test_document_page_marks_claims_and_folds_noise(client: TestClient) -> None:
    html = client.get("/documents/drones-crimea").text
    data = client.get("/api/documents/drones-crimea").json()
    for claim in data["claims"]:
        anchor = f'<span class="anchor" id="claim-{claim["id"]}"></span><mark data-claims="'
        assert anchor in html
    assert re.search(r'<mark data-claims="[0-9a-f]+">We can confirm', html)
    folded = re.findall(r'<details class="removed (\w+)">', html)
    assert folded == ["caption", "noise", "comments"]
    assert "reader77: first!" in html  # still there, only folded


def test_hostile_document_renders_inert(client: TestClient) -> None:
    html = client.get("/documents/hostile").text
    assert "<script>window.pwned" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert 'href="javascript:' not in html.lower()
    assert "<b>bold</b>" not in html and "<i>Evil</i>" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/actors",
        "/timeline",
        "/evidence?supporter=%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D5%3E&recipient=Utopia",
    ],
)
def test_hostile_actor_and_claimant_names_render_inert(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert "<img src=x" not in html
    assert "<script>window.pwned" not in html


def test_embedded_graph_json_cannot_close_its_script(client: TestClient) -> None:
    html = client.get("/").text
    data = html.split('<script type="application/json" id="graph-data">', 1)[1]
    data = data.split("</script>", 1)[0]
    assert "<" not in data  # tojson escapes < > & as \\u003c ...


def test_templates_never_mark_data_safe() -> None:
    for path in (SERVE / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b(?!_url)", text), path.name
        assert "autoescape false" not in text, path.name


def test_scripts_never_write_html() -> None:
    for path in (SERVE / "frontend" / "src").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, f"{path.name} uses {sink}"


def test_pager_keeps_filters(client: TestClient) -> None:
    html = client.get("/timeline", params={"certainty": "assessed", "limit": 1}).text
    assert "?certainty=assessed&amp;limit=1&amp;offset=1" in html


def test_document_title_with_markup_is_text(client: TestClient) -> None:
    html = client.get("/documents/hostile").text
    escaped = HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<h1>{escaped}</h1>" in html


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/dist/../../pages.py",
    ],
)
def test_static_files_stay_in_their_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text


def test_an_empty_store_renders_every_page(tmp_path: Path) -> None:
    from backers.serve.app import create_app
    from backers.store import Store

    Store(tmp_path / "empty.duckdb").write_batch([])
    with TestClient(create_app(tmp_path / "empty.duckdb")) as empty:
        for path in ("/", "/actors", "/timeline", "/docs"):
            assert empty.get(path).status_code == 200, path
        assert empty.get("/api/graph").json()["edges"] == []
        assert "No relation matches" in empty.get("/").text


def test_pages_say_when_the_scripts_were_not_built(client: TestClient) -> None:
    templates = client.app.state.templates
    ready = templates.env.globals["dist_ready"]
    templates.env.globals["dist_ready"] = False
    client.app.state.responses.clear()  # the page is rendered again, not sent as kept
    try:
        html = client.get("/").text
    finally:
        templates.env.globals["dist_ready"] = ready
        client.app.state.responses.clear()
    assert "run <code>make</code>" in html
    assert 'data-source="Iran"' in html  # the edge list works without scripts
