# ruff: noqa: F811 - the fixtures of test_browser are imported and used as arguments
"""The network page in Chromium: the time slider narrows the dates, focus mode shows one
actor's neighbourhood and leaves it, labels are placed without overlap, and the evidence
panel stays in view when an edge far down the list is clicked. Screenshots go to
build/screenshots/. Uses the browser helpers of :mod:`.test_browser`."""

from __future__ import annotations

import pytest

from .test_browser import (  # noqa: F401 - fixtures shared with the page tests
    Tab,
    base_url,
    browser,
    click_node,
    edges,
    open_network,
    playwright,
    tab,
)

pytestmark = pytest.mark.browser


def test_time_slider_narrows_the_dates(tab: Tab) -> None:
    page = open_network(tab)
    assert len(edges(page)) == 5
    axis = page.locator("#axis-box svg.time-axis")
    assert axis.get_attribute("data-first") == "2022-01-01"
    assert axis.get_attribute("data-last") == "2024-01-01"
    # Jan 2023 is half-way along a proportional 2022-2023 axis: 500 of 1000
    page.locator("#slide-from").fill("500")
    page.locator("#slide-from").dispatch_event("change")
    page.wait_for_function("() => window.backersGraph.edges.length === 3")
    assert ("Iran", "Russia") not in edges(page)  # October 2022 only
    assert ("North Korea", "Wagner Group") in edges(page)
    assert page.input_value('input[name="date_from"]') == "2023-01"
    assert "date_from=2023-01" in page.url
    assert "From 2023-01" in page.locator("#slider-readout").inner_text()
    tab.shot("network-time-slider")
    page.reload()
    page.wait_for_selector("#graph[data-ready=true]", state="attached")
    assert page.input_value("#slide-from") == "500"  # the handle follows the shared URL
    assert tab.errors == []


def test_focus_mode_shows_one_neighbourhood_and_leaves_it(tab: Tab) -> None:
    page = open_network(tab)
    page.fill("#focus", "russ")
    page.locator("#actor-suggestions option[value=Russia]").wait_for(state="attached")
    page.fill("#focus", "Russia")
    page.locator("#focus").dispatch_event("change")
    page.wait_for_function("() => window.backersGraph.focus === 'Russia'")
    assert edges(page) == {("Iran", "Russia"), ("Belarus", "Russia")}
    assert page.locator("#focus-banner").is_visible()
    assert "focus=Russia" in page.url
    tab.shot("network-focus")
    page.click("#leave-focus")
    page.wait_for_function("() => window.backersGraph.focus === null")
    assert len(edges(page)) == 5
    assert not page.locator("#focus-banner").is_visible()
    assert tab.errors == []


def test_focus_from_a_selected_actor(tab: Tab) -> None:
    page = open_network(tab)
    if not page.evaluate("window.backersGraph.drawn"):
        pytest.skip("this Chromium has no WebGL")
    click_node(page, "North Korea")
    page.locator("#focus-this").click()
    page.wait_for_function("() => window.backersGraph.focus === 'North Korea'")
    assert edges(page) == {("North Korea", "Wagner Group")}
    assert tab.errors == []


def test_every_node_labelled_without_overlap(tab: Tab) -> None:
    page = open_network(tab)
    if not page.evaluate("window.backersGraph.drawn"):
        pytest.skip("this Chromium has no WebGL")
    page.wait_for_function("() => window.backersGraph.labelled().length > 0")
    labelled = set(page.evaluate("window.backersGraph.labelled()"))
    nodes = set(page.evaluate("window.backersGraph.nodes"))
    assert labelled == nodes


def test_selected_edge_is_highlighted_and_the_panel_stays_in_view(tab: Tab) -> None:
    page = tab.page
    page.set_viewport_size({"width": 1400, "height": 700})
    page = open_network(tab)
    link = page.locator('#edge-list a.edge[data-source="Iran"][data-target="Russia"]')
    link.scroll_into_view_if_needed()
    page.mouse.wheel(0, 2000)
    link.click()
    page.locator("#evidence #why").wait_for()
    top = page.locator("#panel").bounding_box()["y"]
    assert 0 <= top < 700
    assert page.locator("#why").is_visible()
    assert "independent source" in page.locator("#why").inner_text()
    assert page.evaluate("window.backersGraph.selection().kind") == "edge"
    assert page.locator("#edge-list a.edge.selected").count() == 1
    tab.shot("network-panel-in-view")
    assert tab.errors == []


def test_show_more_loads_the_next_page(tab: Tab) -> None:
    page = open_network(tab, "/?limit=2")
    assert len(edges(page)) == 2
    page.click("#more")
    page.wait_for_function("() => window.backersGraph.edges.length === 4")
    page.click("#more")
    page.wait_for_function("() => window.backersGraph.edges.length === 5")
    assert page.locator("#more").is_hidden()
    assert tab.errors == []


def test_timeline_page_axis_is_proportional(tab: Tab) -> None:
    page = tab.open("/timeline")
    bars = page.locator("svg.time-axis rect[data-precision=month]")
    xs = {b.get_attribute("data-period"): float(b.get_attribute("x")) for b in bars.all()}
    # 2022-10 -> 2023-01 is 3 months, 2023-01 -> 2023-03 is 2: spaced by time
    gap1, gap2 = xs["2023-01"] - xs["2022-10"], xs["2023-03"] - xs["2023-01"]
    assert gap1 / gap2 == pytest.approx(92 / 59, rel=0.02)
    tab.shot("timeline-axis")
    assert tab.errors == []
