"""Search in a real headless Chromium: the box on every page, the results page with the
words and claim sentences marked, and script typed or stored that never runs. The
screenshot goes to build/screenshots/search.png for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..live import chromium_page

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def page(search_store: Path) -> Iterator[object]:
    with chromium_page(search_store, width=1200, height=900) as tab:
        yield tab


def test_searching_from_the_box_on_the_actors_page(page: object) -> None:
    page.goto(page.base_url + "/actors")
    page.fill("header form.top-search input[name=q]", "Shahed")
    with page.expect_navigation():
        page.press("header form.top-search input[name=q]", "Enter")
    assert "/search?q=Shahed" in page.url
    assert page.locator("#search-count").inner_text().startswith("2 articles match")
    first = page.locator("ol.search-results li.hit").first
    assert first.locator("mark.term").first.inner_text() == "Shahed"
    assert "Iran → Russia" in first.locator("ul.hit-claims").inner_text()
    assert first.locator(".claim-sentence").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)
    # The filters narrow: only articles with a claim naming North Korea.
    page.fill("#search-form input[name=q]", "rockets")
    page.fill("#search-form input[name=actor]", "North Korea")
    with page.expect_navigation():
        page.press("#search-form input[name=q]", "Enter")
    assert page.locator("ol.search-results li.hit").count() == 1
    assert page.errors == []


def test_script_typed_or_stored_never_runs(page: object) -> None:
    typed = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    page.goto(page.base_url + "/search")
    page.fill("#search-form input[name=q]", typed + " pwned")
    with page.expect_navigation():
        page.press("#search-form input[name=q]", "Enter")
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert page.locator("ol.search-results img, ol.search-results script").count() == 0
    page.goto(page.base_url + "/search?q=pwned")  # the hostile article itself
    assert page.locator("ol.search-results li.hit").count() == 1
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
