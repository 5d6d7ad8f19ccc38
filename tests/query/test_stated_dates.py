"""Dates stated in an article's text, tried before a file's time (issue 11: a 2022 article
dated by its file's modification time came out as 2026-12-02)."""

from __future__ import annotations

import pytest

from backers.ingest.dates import stated_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KYIV, Ukraine - On October 18, 2022, drones struck the city.", "2022-10-18"),
        ("Posted 4 days ago. The strike of Oct. 5 2022 was the first.", "2022-10-05"),
        ("A photo taken on 3rd March 2023 shows the depot.", "2023-03-03"),
        ("Updated 2024-07-09 at noon.", "2024-07-09"),
    ],
)
def test_a_full_date_in_the_text_is_found(text, expected):
    assert stated_date(text) == (expected, "day")


@pytest.mark.parametrize(
    "text", ["WASHINGTON, Oct 18 (Reuters) - no year here.", "Posted 4 days ago.", ""]
)
def test_no_full_date_no_answer(text):
    assert stated_date(text) is None
