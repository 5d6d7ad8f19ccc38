"""Language detection on texts written for the project: long texts are told apart, short
ones are never skipped, and only languages with a pipeline are read."""

from __future__ import annotations

import re

import pytest

from backers.ingest.language import detect, readable, tag
from backers.records import BODY, Article, Section
from tests.web.site import EN_PLAIN, FR_PAGE, RU_PAGE


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def article(text: str) -> Article:
    return Article("x", text, [Section(BODY, 0, len(text))], "test")


@pytest.mark.parametrize(("html", "code"), [(EN_PLAIN, "en"), (FR_PAGE, "fr"), (RU_PAGE, "ru")])
def test_long_texts_are_told_apart(html: str, code: str) -> None:
    found = detect(text_of(html))
    assert found.code == code and found.sure and found.confidence > 0.9


def test_only_english_is_read_and_short_texts_are_never_skipped() -> None:
    assert readable(tag(article(text_of(EN_PLAIN))))
    assert not readable(tag(article(text_of(FR_PAGE))))
    assert not readable(tag(article(text_of(RU_PAGE))))
    short = tag(article("Ministers deny arms deal"))  # py3langid calls this Catalan
    assert readable(short)
    assert tag(article("12 345 -- 678")).meta["language"] == "und"


def test_an_untagged_article_is_read() -> None:
    assert readable(article(text_of(FR_PAGE)))  # stored before languages were detected
