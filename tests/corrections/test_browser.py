"""In Chromium: correct a claim from the evidence panel of the network page and see the
relation move; a wrong token writes nothing; a hostile note stays text. The screenshot goes
to build/screenshots/ for a person to look at.

Needs Debian's ``chromium`` and the built scripts (``make``); skips with the reason without.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backers.serve.app import create_app
from backers.serve.edits import enable
from backers.store import Store

from ..live import CHROMIUM, CHROMIUM_ARGS, serve_in_thread

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "src" / "backers" / "serve" / "static" / "dist" / "network.js"
SHOTS = REPO / "build" / "screenshots"
TOKEN = "browser-test-token-456"
HOSTILE = '<img src=x onerror="window.pwned = 1"><script>window.pwned = 2</script>'


@pytest.fixture
def page(store: Store) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    if not DIST.exists():
        pytest.skip(f"{DIST.relative_to(REPO)} is missing: run make (npm ci && npm run build)")
    from playwright.sync_api import sync_playwright

    app = create_app(store.path)
    enable(app, TOKEN)
    with serve_in_thread(Path(store.path), app=app) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 950})
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(url + "/")
        tab.wait_for_selector('#graph[data-ready="true"]')
        yield tab
        browser.close()
        assert errors == []


def edge(page: object, source: str, target: str) -> str:
    return f'#edge-list a.edge[data-source="{source}"][data-target="{target}"]'


def test_correct_a_claim_from_the_evidence_panel(page, store):
    page.click(edge(page, "Iran", "Houthis"))
    form = "#evidence li.claim details.correct"
    page.wait_for_selector(form)
    page.click(f"{form} summary")
    assert page.input_value(f"{form} input[name=recipient]") == "Houthis"
    page.fill(f"{form} input[name=recipient]", "Hezbollah")
    page.fill(f"{form} input[name=note]", HOSTILE)
    page.fill(f"{form} input[name=by]", "browser-test")

    # A wrong token: refused, said so, nothing written.
    page.fill(f"{form} input[name=token]", "not-the-right-token")
    page.click(f"{form} button[value=correct]")
    page.wait_for_function(
        "document.querySelector('#evidence .correct-message').textContent.includes('token')"
    )
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0

    page.fill(f"{form} input[name=token]", TOKEN)
    page.click(f"{form} button[value=correct]")
    page.wait_for_selector(edge(page, "Iran", "Hezbollah"))
    assert page.query_selector(edge(page, "Iran", "Houthis")) is None
    graph = page.evaluate("window.backersGraph.edges")
    assert {(e["source"], e["target"]) for e in graph} >= {("Iran", "Hezbollah")}
    # The panel now shows the new relation and says the claim was corrected, by whom, why.
    page.wait_for_selector("#evidence p.corrected")
    assert page.text_content("#panel-title") == "Iran → Hezbollah"
    note = page.text_content("#evidence p.corrected")
    assert "corrected by browser-test" in note and "recipient read as Houthis" in note
    assert HOSTILE in note  # shown as text
    assert page.evaluate("window.pwned") is None
    page.click("#evidence li.claim details.correct summary")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "correction-evidence-panel.png"), full_page=True)
