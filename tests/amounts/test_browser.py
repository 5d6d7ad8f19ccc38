"""The amounts page in a real headless Chromium: the table and chart draw without errors,
a figure opens into its sentences, and the screenshot lands in build/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..live import chromium_page
from .data import PLEDGE, PLEDGE_AGAIN

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def page(amounts_db: Path) -> Iterator[object]:
    with chromium_page(amounts_db, width=1300, height=900) as tab:
        yield tab


def test_a_figure_opens_into_its_sentences(page: object) -> None:
    page.goto(page.base_url + "/amounts?supporter=Germany")
    rows = page.locator("#amounts tbody tr")
    assert rows.count() == 2  # 2023 in euros, 2024 in dollars: never one sum
    eur = page.locator("#amounts tbody tr", has_text="money EUR")
    pledged = eur.locator("details[data-status=pledged]")
    assert pledged.locator("summary").inner_text() == "EUR 500 million"
    sentence = pledged.locator("blockquote").first
    assert not sentence.is_visible()
    pledged.locator("summary").click()
    assert sentence.is_visible()
    said = set(pledged.locator("blockquote").all_inner_texts())
    assert said == {PLEDGE, PLEDGE_AGAIN}
    chart = page.locator("figure.amounts-chart svg rect")
    assert chart.count() >= 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "amounts.png"), full_page=True)
    assert page.errors == []


def test_the_nav_leads_to_amounts_and_the_form_filters(page: object) -> None:
    page.goto(page.base_url + "/timeline")
    page.get_by_role("link", name="Amounts").click()
    page.wait_for_url("**/amounts")
    page.select_option("select[name=currency]", "USD")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**currency=USD**")
    units = page.locator("#amounts tbody td:nth-child(3)").all_inner_texts()
    assert units and all(u.strip() == "money USD" for u in units)
    assert page.errors == []
