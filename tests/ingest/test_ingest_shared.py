"""The cleaner on the team's seed articles and the reader over the whole corpus
(skipped where the shared folder is absent). No article text is copied here: the tests
look for a few short marks in the seeds and check structure."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from backers.ingest import read_inputs
from backers.records import BYLINE, CAPTION, COMMENTS, NOISE, Article, Failure

AS_OF = dt.date(2022, 10, 23)


def seed(shared_path, name: str) -> Article:
    path = shared_path("seeds", f"{name}.txt")
    [article] = list(read_inputs([str(path)], as_of=AS_OF))
    assert isinstance(article, Article), article
    return article


def kind_at(article: Article, offset: int) -> tuple[str, str]:
    for s in article.sections:
        if s.start <= offset < s.end:
            return s.kind, s.label
    raise AssertionError(offset)


def lines_with_offsets(text: str):
    for m in re.finditer(r"[^\n]*", text):
        if m.group(0).strip():
            yield m.start(), m.group(0).strip()


@pytest.mark.shared
def test_iran_seed_comments_are_comments_not_body(shared_path):
    article = seed(shared_path, "kirby-iran-crimea-drones")
    start = article.text.index("Comments / ")
    assert all(s.kind == COMMENTS for s in article.sections if s.end > start)
    for commenter in ("Patriarca", "JuanCarlos"):
        assert kind_at(article, article.text.index(commenter))[0] == COMMENTS
    assert all(e <= start for _, e in article.body_spans())


@pytest.mark.shared
def test_iran_seed_image_urls_are_noise_and_captions_follow(shared_path):
    article = seed(shared_path, "kirby-iran-crimea-drones")
    lines = list(lines_with_offsets(article.text))
    urls = [i for i, (_, line) in enumerate(lines) if line.startswith("https://")]
    assert len(urls) >= 5
    for i in urls:
        assert kind_at(article, lines[i][0]) == (NOISE, "image-url")
        assert kind_at(article, lines[i + 1][0])[0] in (CAPTION, NOISE)
    captions = [i + 1 for i in urls if not lines[i + 1][1].startswith("https://")]
    assert all(kind_at(article, lines[i][0])[0] == CAPTION for i in captions)


@pytest.mark.shared
def test_iran_seed_byline_and_relative_date(shared_path):
    article = seed(shared_path, "kirby-iran-crimea-drones")
    assert article.author == "Geoff Earle"
    assert article.outlet == "Dailymail.com"
    assert (article.published, article.published_precision) == ("2022-10-19", "relative")
    assert article.meta["date_text"] == "4 days ago"
    assert kind_at(article, article.text.index("By Geoff"))[0] == BYLINE


@pytest.mark.shared
def test_north_korea_seed_counters_are_noise(shared_path):
    article = seed(shared_path, "kirby-north-korea-wagner")
    numbers = [(o, line) for o, line in lines_with_offsets(article.text) if line.isdigit()]
    assert [line for _, line in numbers] == ["0", "247"]
    for offset, _ in numbers:
        assert kind_at(article, offset) == (NOISE, "counter")
    body = "".join(article.text[a:b] for a, b in article.body_spans())
    assert "Wagner" in body
    assert not any(line.isdigit() for line in body.splitlines())


@pytest.mark.shared
@pytest.mark.slow
def test_whole_corpus_reads_without_failures(shared_path):
    news = shared_path("corpus", "news.jsonl")
    pages = sorted(shared_path("corpus", "html").glob("*.html"))
    items = list(read_inputs([str(news), *map(str, pages)]))
    failures = [x for x in items if isinstance(x, Failure)]
    assert failures == []
    articles = [x for x in items if isinstance(x, Article)]
    assert len(articles) == sum(1 for _ in open(news, encoding="utf-8")) + len(pages)
    for article in articles:
        position = 0
        for section in article.sections:
            assert section.start == position < section.end, article.doc_id
            position = section.end
        assert position == len(article.text), article.doc_id
        assert article.body_spans(), article.doc_id
