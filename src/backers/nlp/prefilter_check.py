"""How many gold quotes the prefilter keeps: the measure that it drops nothing that matters.

A gold support's ``quote`` is looked up in its article's cleaned text (whitespace-tolerant);
it counts as kept when every character of it lies inside a stretch the prefilter keeps.
Quotes that cannot be found in the cleaned text (the annotator retyped them) and quotes
found outside the body (a title or caption, which extraction never reads, filter or not)
are counted apart, not as kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from backers.records import Article


@dataclass
class QuoteRecall:
    """Figures of one gold file."""

    gold: str
    documents: int = 0
    quotes: int = 0
    located: int = 0  # found in a body section of the cleaned text
    outside_body: int = 0  # found in the title or a caption only
    kept: int = 0
    words: int = 0
    kept_words: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)  # (doc, quote)

    @property
    def recall(self) -> float:
        return self.kept / self.located if self.located else 1.0

    @property
    def kept_fraction(self) -> float:
        return self.kept_words / self.words if self.words else 0.0

    def figures(self) -> dict:
        return {
            "documents": self.documents,
            "quotes": self.quotes,
            "located": self.located,
            "outside_body": self.outside_body,
            "kept": self.kept,
            "recall": round(self.recall, 4),
            "kept_fraction": round(self.kept_fraction, 4),
        }


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text``, whitespace and quote marks compared loosely."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = [re.escape(w) for w in quote.split()]
    if not words:
        return None
    pattern = r"\s+".join(words)
    pattern = re.sub(r"(\\?['’‘]|\\?[\"“”])", "[\"'’‘“”]", pattern)
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def covered(span: tuple[int, int], ranges: list[tuple[int, int]], text: str) -> bool:
    """Is every non-blank character of ``span`` inside one of ``ranges``?"""
    s, e = span
    for i in range(s, e):
        if text[i].isspace():
            continue
        if not any(a <= i < b for a, b in ranges):
            return False
    return True


def measure(
    gold_path: str | Path, articles: dict[str, Article], nlp, keep_misses: bool = True
) -> QuoteRecall:
    """Quote recall of one gold file over its articles (doc_id -> Article)."""
    from backers.batch.extraction import kept_stretches
    from backers.eval.run import read_gold

    out = QuoteRecall(gold=Path(gold_path).name)
    for record in read_gold([gold_path]):
        article = articles.get(record["doc"])
        if article is None:
            continue
        out.documents += 1
        stretches = kept_stretches(article, nlp)
        ranges = [(off, off + len(text)) for off, text in stretches]
        out.words += sum(len(article.text[s:e].split()) for s, e in article.body_spans())
        out.kept_words += sum(len(text.split()) for _, text in stretches)
        for support in record.get("supports", []):
            quote = support.get("quote") or ""
            if not quote.strip():
                continue
            out.quotes += 1
            span = locate(quote, article.text)
            if span is None:
                continue
            if not any(s <= span[0] < e for s, e in article.body_spans()):
                out.outside_body += 1  # the title or a caption: never read for claims
                continue
            out.located += 1
            if covered(span, ranges, article.text):
                out.kept += 1
            elif keep_misses:
                out.misses.append((record["doc"], quote))
    return out


def measure_all(
    gold_paths: Sequence[str | Path], corpus: Sequence[str | Path], nlp, measure_only=()
) -> list[QuoteRecall]:
    """Quote recall of every gold file; files named in ``measure_only`` (the check set)
    keep no per-document misses, only their figures."""
    from backers.eval.run import find_articles, read_gold

    wanted = {r["doc"] for r in read_gold(gold_paths)}
    articles = find_articles(corpus, wanted)
    return [
        measure(path, articles, nlp, keep_misses=Path(path).name not in measure_only)
        for path in gold_paths
    ]
