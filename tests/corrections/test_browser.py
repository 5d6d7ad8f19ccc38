"""In Chromium: correct a claim from the evidence panel of the network page and see the
relation move; a wrong token writes nothing; a hostile note stays text. The screenshot goes
to build/screenshots/ for a person to look at.

Needs Debian's ``chromium`` and the built scripts (``make``); skips with the reason without.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backers.query.corrections import CLAIMS
from backers.serve.app import create_app
from backers.serve.edits import enable
from backers.store import Store

from ..live import chromium_page
from ..serve.store_data import TWO_CLAIMS, add_two_claim_sentences, build_store

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "src" / "backers" / "serve" / "static" / "dist" / "network.js"
SHOTS = REPO / "build" / "screenshots"
TOKEN = "browser-test-token-456"
HOSTILE = '<img src=x onerror="window.pwned = 1"><script>window.pwned = 2</script>'


@contextmanager
def network_page(store: Store) -> Iterator[object]:
    """The network page of ``store`` in Chromium, served with edits on (``TOKEN``); no
    uncaught error in the page (a refused request's console line is expected here)."""
    if not DIST.exists():
        pytest.skip(f"{DIST.relative_to(REPO)} is missing: run make (npm ci && npm run build)")
    app = create_app(store.path)
    enable(app, TOKEN)
    with chromium_page(Path(store.path), app=app, width=1400, height=950, console=False) as tab:
        tab.goto(tab.base_url + "/")
        tab.wait_for_selector('#graph[data-ready="true"]')
        yield tab
    assert tab.errors == []


@pytest.fixture
def page(store: Store) -> Iterator[object]:
    with network_page(store) as tab:
        yield tab


@pytest.fixture
def two_claims(tmp_path: Path) -> Store:
    """The web tests' store with a sentence that holds two claims (arms and training)."""
    store = build_store(tmp_path / "two.duckdb")
    add_two_claim_sentences(store)
    return store


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
    page.wait_for_function(  # a function, not a string: the page's CSP forbids eval
        "() => document.querySelector('#evidence .correct-message').textContent.includes('token')"
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


def test_each_claim_of_a_sentence_has_its_own_form_and_claimant_and_items_are_corrected(
    two_claims,
):
    """A sentence that says two kinds of support is one row with two forms; the second
    (training) is corrected alone: its claimant, the body it speaks for, and its items.
    The panel shows the change, and the other claim of the sentence keeps its reading."""
    with network_page(two_claims) as page:
        page.click(edge(page, "Iran", "Russia"))
        row = "#evidence li.claim:has(.claim-edit + .claim-edit)"  # a row of two claims
        page.wait_for_selector(f"{row} details.correct")
        assert TWO_CLAIMS in page.text_content(row)
        forms = page.query_selector(row).query_selector_all("details.correct")
        assert len(forms) == 2
        labels = [f.text_content() for f in forms]
        assert any("(arms · delivered · stated)" in t for t in labels)
        [training] = [f for f in forms if "(training" in f.text_content()]
        training.query_selector("summary").click()
        assert training.query_selector("input[name=items]").input_value() == ""
        training.query_selector("input[name=claimant]").fill("Jean Dupont")
        training.query_selector("input[name=claimant_affiliation]").fill("Iran")
        training.query_selector("input[name=items]").fill(f"instructors,  crew manuals, {HOSTILE}")
        training.query_selector("input[name=by]").fill("browser-test")
        training.query_selector("input[name=token]").fill(TOKEN)
        training.query_selector("button[value=correct]").click()
        page.wait_for_selector("#evidence p.corrected")
        note = page.text_content("#evidence p.corrected")
        assert "claimant read as none · affiliation read as none · items read as none" in note
        assert HOSTILE in page.text_content("#evidence")  # an item as typed: shown as text
        assert page.evaluate("window.pwned") is None
        SHOTS.mkdir(parents=True, exist_ok=True)
        corrected = page.locator("#evidence li.claim:has(p.corrected)").first
        corrected.scroll_into_view_if_needed()
        corrected.screenshot(path=str(SHOTS / "correction-claimant-items.png"))
    with two_claims.read() as con:
        rows = con.execute(
            "SELECT c.type, c.claimant, c.claimant_affiliation, c.items"
            f" FROM {CLAIMS} c WHERE c.sentence = ? AND c.doc_id = 'wire-a' ORDER BY c.type",
            [TWO_CLAIMS],
        ).fetchall()
    assert rows == [
        ("arms", None, None, ["drones"]),
        ("training", "Jean Dupont", "Iran", ["instructors", "crew manuals", HOSTILE]),
    ]
