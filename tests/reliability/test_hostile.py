"""Hostile text stays inert: markup, script payloads and ``javascript:`` URLs in titles,
outlets, URLs, authors, article text and actor names are escaped in every page (and run
nothing in a real browser), and every export escapes what its format needs: CSV cells
never start a spreadsheet formula, GEXF and GraphML parse (networkx) and give the names
back unchanged, JSON Lines parse line by line.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from backers.query import export as fusion_export
from backers.serve.app import create_app

from ..live import CHROMIUM, CHROMIUM_ARGS, serve_in_thread
from .helpers import (
    BREAK,
    FORMULAS,
    HOSTILE_ACTORS,
    HOSTILE_DOC,
    IMG,
    SCRIPT,
    SVG,
    TALLY,
    hostile_store,
)

SUP, REC = HOSTILE_ACTORS["supporter"], HOSTILE_ACTORS["recipient"]
PAGES = [
    "/",
    "/?" + urlencode({"actor": SUP}),
    "/actors",
    "/actors?" + urlencode({"q": "<"}),
    f"/actors/{quote(SUP, safe='')}",
    f"/actors/{quote(REC, safe='')}",
    f"/actors/{quote(FORMULAS[0], safe='')}",
    "/evidence?" + urlencode({"supporter": SUP, "recipient": REC}),
    "/evidence?" + urlencode({"supporter": SUP, "recipient": "Utopia"}),
    f"/documents/{HOSTILE_DOC}",
    "/documents/formula-doc",
    "/timeline",
    "/timeline?" + urlencode({"claimant": HOSTILE_ACTORS["claimant"]}),
    # Error pages echo what was asked for.
    f"/actors/{quote(SCRIPT.format('404'), safe='')}",
    f"/documents/{quote(IMG.format('404'), safe='')}",
    "/evidence?" + urlencode({"supporter": SCRIPT.format("e1"), "recipient": BREAK.format("e2")}),
    "/" + quote(SCRIPT.format("path")),
    "/?" + urlencode({"type": SCRIPT.format("param")}),
]
TAGS = ("title", "title2", "body", "body2", "supporter", "recipient", "claimant",
        "affiliation", "item", "location", "quantity", "outlet", "author", "404", "e1", "e2",
        "path", "param")  # fmt: skip


@pytest.fixture(scope="module")
def db() -> Path:
    path = Path(tempfile.mkdtemp(prefix="backers-hostile-")) / "hostile.duckdb"
    hostile_store(path)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def live_markup(html: str) -> list[str]:
    """Payload markup that reached the page unescaped."""
    found = []
    for tag in TAGS:
        for template in (SCRIPT, IMG, SVG, BREAK):
            if template.format(tag) in html:
                found.append(template.format(tag))
    found += re.findall(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I)
    found += re.findall(r"<[a-z]+[^>]*\son[a-z]+\s*=\s*[\"']?window\.pwned", html, re.I)
    return found


@pytest.mark.parametrize("path", PAGES)
def test_pages_escape_hostile_text(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    TALLY["hostile page loads"] += 1
    assert response.status_code < 500, response.text[:2000]
    assert not live_markup(response.text), (path, live_markup(response.text))
    if response.status_code == 200 and "json" not in response.headers["content-type"]:
        assert "script-src 'self'" in response.headers["content-security-policy"]


def test_hostile_text_is_shown_as_text(client: TestClient) -> None:
    """Escaped, not dropped: the document page shows the payload as text."""
    html = client.get(f"/documents/{HOSTILE_DOC}", headers={"Accept": "text/html"}).text
    assert "&lt;script&gt;window.pwned=" in html or "\\u003cscript" in html


# -- exports ---------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_text(db: Path, fmt: str, table: str = "relations") -> str:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = io.StringIO()
        fusion_export.export(con, fmt, out, table=table)
        return out.getvalue()
    finally:
        con.close()


@pytest.mark.parametrize("table", ["relations", "claims"])
def test_csv_defuses_formulas(db: Path, client: TestClient, table: str) -> None:
    for text in (
        export_text(db, "csv", table),
        client.get(f"/api/export/csv?table={table}").text,
    ):
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1
        cells = [cell for row in rows for cell in row]
        bad = [c for c in cells if c.startswith(FORMULA_START)]
        assert not bad, bad
        joined = "\n".join(cells)
        assert "'" + FORMULAS[0] in joined  # defused, not dropped
        assert "'" + FORMULAS[1] in joined


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_xml_exports_parse_and_keep_names(db: Path, client: TestClient, fmt: str) -> None:
    read = nx.read_gexf if fmt == "gexf" else nx.read_graphml
    for text in (export_text(db, fmt), client.get(f"/api/export/{fmt}").text):
        graph = read(io.BytesIO(text.encode("utf-8")))
        labels = {str(data.get("label", node)) for node, data in graph.nodes(data=True)}
        labels |= {str(node) for node in graph.nodes}
        assert SUP in labels and REC in labels, labels
        assert FORMULAS[0] in labels, labels


@pytest.mark.parametrize("fmt", ["jsonl", "ftm"])
def test_jsonl_exports_parse(db: Path, client: TestClient, fmt: str) -> None:
    for text in (export_text(db, fmt), client.get(f"/api/export/{fmt}").text):
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert lines
        assert SUP in text.encode().decode("unicode_escape", "ignore") or SUP in json.dumps(
            lines, ensure_ascii=False
        )


# -- in a real browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_url(db: Path) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with serve_in_thread(db) as url:
        yield url


@pytest.mark.browser
def test_no_script_runs_in_any_page(live_url: str) -> None:
    from playwright.sync_api import sync_playwright

    ran: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda d: (ran.append(f"dialog {d.message}"), d.dismiss()))
            for path in PAGES:
                page.goto(live_url + path, wait_until="load", timeout=30_000)
                page.wait_for_timeout(300)  # let the pages' own scripts draw
                TALLY["hostile pages in chromium"] += 1
                pwned = page.evaluate("typeof window.pwned === 'undefined' ? null : window.pwned")
                if pwned is not None:
                    ran.append(f"{path}: window.pwned = {pwned!r}")
                # Every link on the page goes to http(s) or stays on the site.
                hrefs = page.eval_on_selector_all(
                    "a[href]", "els => els.map(e => String(e.getAttribute('href')))"
                )
                ran += [f"{path}: link {h}" for h in hrefs if h.lower().startswith("javascript:")]
        finally:
            browser.close()
    assert not ran, ran
