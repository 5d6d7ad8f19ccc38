"""The pages in a real headless Chromium: they load cleanly, the network shows who backs
whom, the evidence panel shows Kirby's sentence, filters hide edges, and hostile text runs
nothing. Screenshots go to build/screenshots/ for a person to look at.

Needs Debian's ``chromium`` at /usr/bin/chromium and the built scripts (``make``); the tests
skip with the reason when either is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..live import CHROMIUM, CHROMIUM_ARGS, serve_in_thread
from .store_data import HOSTILE_BODY, HOSTILE_TITLE, KIRBY_CONFIRM

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "src" / "backers" / "serve" / "static" / "dist" / "network.js"
SHOTS = REPO / "build" / "screenshots"


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    if not DIST.exists():
        pytest.skip(f"{DIST.relative_to(REPO)} is missing: run make (npm ci && npm run build)")
    with serve_in_thread(store_path) as url:
        yield url


@pytest.fixture(scope="module")
def playwright(base_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: object) -> Iterator[object]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


class Tab:
    """A page that records console errors and uncaught exceptions."""

    def __init__(self, browser: object, base_url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 950})
        self.base_url = base_url
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str) -> object:
        self.page.goto(self.base_url + path)
        return self.page

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def tab(browser: object, base_url: str) -> Iterator[Tab]:
    t = Tab(browser, base_url)
    yield t
    t.page.close()


def edges(page: object) -> set[tuple[str, str]]:
    found = page.evaluate("window.backersGraph.edges")
    return {(e["source"], e["target"]) for e in found}


def open_network(tab: Tab, path: str = "/") -> object:
    page = tab.open(path)
    page.wait_for_selector("#graph[data-ready=true]", state="attached")
    page.wait_for_timeout(300)  # let sigma draw a frame
    return page


def click_node(page: object, name: str) -> None:
    """Click an actor's node where sigma drew it."""
    point = page.evaluate(f"window.backersGraph.nodePosition({name!r})")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_network_loads_cleanly_with_the_seed_edges(tab: Tab) -> None:
    page = open_network(tab)
    found = edges(page)
    assert ("Iran", "Russia") in found
    assert ("North Korea", "Wagner Group") in found
    assert page.locator("#edge-list a.edge").count() == len(found)
    tab.shot("network")
    assert tab.errors == []


def test_clicking_an_edge_in_the_list_shows_kirbys_sentence(tab: Tab) -> None:
    page = open_network(tab)
    page.click('#edge-list a.edge[data-source="Iran"][data-target="Russia"]')
    panel = page.locator("#evidence")
    panel.locator("mark", has_text="We can confirm").first.wait_for()
    text = panel.inner_text()
    assert KIRBY_CONFIRM in text
    assert "John Kirby (United States)" in text
    assert "confirmed" in text and "Example Wire" in text
    assert page.locator("#panel-title").inner_text() == "Iran → Russia"
    tab.shot("network-evidence")
    assert tab.errors == []


def test_clicking_the_drawn_edge_shows_the_evidence(tab: Tab) -> None:
    page = open_network(tab)
    if not page.evaluate("window.backersGraph.drawn"):
        pytest.skip("this Chromium has no WebGL; the edge list is tested instead")
    edge_id = next(
        e["id"] for e in page.evaluate("window.backersGraph.edges") if e["source"] == "Iran"
    )
    point = page.evaluate(f"window.backersGraph.edgePosition({edge_id!r})")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.locator("#evidence mark", has_text="We can confirm").first.wait_for()
    assert tab.errors == []


def test_clicking_a_node_shows_it_and_links_its_actor_page(tab: Tab) -> None:
    page = open_network(tab)
    if not page.evaluate("window.backersGraph.drawn"):
        pytest.skip("this Chromium has no WebGL; the edge list is tested instead")
    click_node(page, "Russia")
    page.locator("#actor-page").wait_for()
    assert page.locator("#panel-title").inner_text() == "Russia"
    assert page.evaluate("window.backersGraph.selection()") == {"kind": "node", "id": "Russia"}
    with page.expect_navigation():
        page.click("#actor-page")
    assert page.url.endswith("/actors/Russia")
    assert page.locator("h1").inner_text() == "Russia"
    assert "Iran" in page.locator("table.relations").first.inner_text()
    tab.shot("actor-russia")
    assert tab.errors == []


def test_certainty_filter_hides_assessed_only_edges(tab: Tab) -> None:
    page = open_network(tab)
    assert ("Belarus", "Russia") in edges(page)  # assessed only
    page.check('input[name="certainty"][value="confirmed"]')
    page.wait_for_function("() => window.backersGraph.edges.length === 1")
    assert edges(page) == {("Iran", "Russia")}
    assert page.locator("#edge-list a.edge").count() == 1
    assert "certainty=confirmed" in page.url  # the filtered view can be shared
    gexf = page.locator('#downloads a[data-format="gexf"]').get_attribute("href")
    assert gexf == "/api/export/gexf?certainty=confirmed"
    tab.shot("network-confirmed")
    page.reload()
    page.wait_for_selector("#graph[data-ready=true]", state="attached")
    assert edges(page) == {("Iran", "Russia")}
    assert page.is_checked('input[name="certainty"][value="confirmed"]')
    assert tab.errors == []


def test_bad_filter_shows_the_error_message(tab: Tab) -> None:
    page = open_network(tab)
    page.fill('input[name="date_from"]', "2024")
    page.fill('input[name="date_to"]', "2022")
    page.locator('input[name="date_to"]').dispatch_event("change")
    page.locator("#filter-error").wait_for()
    assert "date_from is after date_to" in page.locator("#filter-error").inner_text()


def test_hostile_document_runs_no_script(tab: Tab) -> None:
    page = tab.open("/documents/hostile")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert HOSTILE_BODY in page.locator(".text").inner_text()
    assert page.locator(".text img").count() == 0
    tab.shot("document-hostile")
    # The hostile names in the network and the panel are text too.
    page = open_network(tab)
    page.click('#edge-list a.edge[data-target="Utopia"]')
    page.locator("#evidence .claim").first.wait_for()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert "<script>window.pwned=6</script>" in page.locator("#evidence").inner_text()
    # The page's CSP may report the blocked inline payloads; nothing else may fail.
    assert [e for e in tab.errors if "Content Security Policy" not in e] == []


def test_document_page_folds_noise_and_marks_claims(tab: Tab) -> None:
    page = tab.open("/documents/drones-crimea")
    assert page.locator("mark", has_text="We can confirm").count() == 1
    details = page.locator("details.removed")
    assert details.count() == 3
    assert not page.locator("details.removed[open]").count()
    assert not page.get_by_text("reader77: first!").is_visible()
    details.last.locator("summary").click()
    assert page.get_by_text("reader77: first!").is_visible()
    tab.shot("document")
    assert tab.errors == []


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/actors", "actors"),
        ("/timeline", "timeline"),
        ("/evidence?supporter=North%20Korea&recipient=Wagner%20Group", "evidence-page"),
        ("/docs", "api-docs"),
    ],
)
def test_other_pages_load_cleanly(tab: Tab, path: str, name: str) -> None:
    page = tab.open(path)
    if name == "api-docs":
        page.locator("#swagger .opblock").first.wait_for()
    tab.shot(name)
    assert tab.errors == []


def test_without_webgl_the_list_still_works(playwright: object, base_url: str) -> None:
    """Some locked-down browsers have no WebGL: the page says so and the list works."""
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, "--disable-3d-apis"]
    )
    try:
        tab = Tab(chromium, base_url)
        page = open_network(tab)
        assert page.evaluate("window.backersGraph.drawn") is False
        assert "no WebGL" in page.locator("#graph-message").inner_text()
        page.click('#edge-list a.edge[data-source="Iran"][data-target="Russia"]')
        page.locator("#evidence mark", has_text="We can confirm").first.wait_for()
        tab.shot("network-no-webgl")
        assert tab.errors == []
    finally:
        chromium.close()
