"""How the batch stage calls the extractor: only what can carry a claim reaches the model.

With the prefilter on (``BACKERS_PREFILTER``, the default), each body section is cut to the
stretches :mod:`backers.nlp.prefilter` keeps; each stretch is parsed as its own ``Doc`` and
handed to the extractor with its offset into the cleaned text, exactly as whole sections
are, so claim offsets still point into ``Article.text``. An article with nothing kept is
not parsed at all. With it off, this is ``extract_articles`` unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from backers.records import Article, Claim

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class FilterStats:
    """How much the prefilter let through (words as split on whitespace)."""

    articles: int = 0
    parsed_articles: int = 0
    words: int = 0
    kept_words: int = 0

    def add(self, other: FilterStats) -> None:
        self.articles += other.articles
        self.parsed_articles += other.parsed_articles
        self.words += other.words
        self.kept_words += other.kept_words

    @property
    def kept_fraction(self) -> float:
        return self.kept_words / self.words if self.words else 0.0


@lru_cache(maxsize=4)
def _prefilter_for(nlp: Language):
    from backers.nlp.prefilter import build_prefilter

    return build_prefilter(nlp)


def kept_stretches(article: Article, nlp: Language) -> list[tuple[int, str]]:
    """``(offset into article.text, text to parse)`` for each stretch the prefilter keeps
    in the article's body sections, the text unwrapped as the extractor reads it."""
    from backers.extract import unwrap

    pf = _prefilter_for(nlp)
    out: list[tuple[int, str]] = []
    for start, end in article.body_spans():
        section = article.text[start:end]
        if not section.strip():
            continue
        clean = unwrap(section)
        out.extend((start + s, clean[s:e]) for s, e in pf.keep(clean))
    return out


def extract_claims(
    articles: list[Article],
    nlp: Language,
    *,
    n_process: int = 1,
    batch_size: int = 32,
    prefilter: bool | None = None,
    stats: FilterStats | None = None,
) -> list[list[Claim]]:
    """Claims of each article, one list per article in order (as ``extract_articles``).

    ``prefilter`` None follows the PREFILTER setting. ``stats``, if given, is added to.
    """
    from backers.extract import extract_articles

    if prefilter is None:
        from backers.nlp.prefilter import enabled

        prefilter = enabled()
    if not prefilter:
        if stats is not None:
            words = sum(_body_words(a) for a in articles)
            stats.add(FilterStats(len(articles), len(articles), words, words))
        return extract_articles(articles, nlp, n_process=n_process, batch_size=batch_size)

    from backers.extract import extract_doc_sections
    from backers.extract.lexicon import lexicon
    from backers.nlp.gazetteer import gazetteer

    jobs: list[tuple[int, int]] = []
    texts: list[str] = []
    for n, article in enumerate(articles):
        for offset, text in kept_stretches(article, nlp):
            jobs.append((n, offset))
            texts.append(text)
    per_article: list[list] = [[] for _ in articles]
    for (n, offset), doc in zip(
        jobs, nlp.pipe(texts, n_process=n_process, batch_size=batch_size), strict=True
    ):
        per_article[n].append((offset, doc))
    if stats is not None:
        stats.add(
            FilterStats(
                articles=len(articles),
                parsed_articles=sum(1 for p in per_article if p),
                words=sum(_body_words(a) for a in articles),
                kept_words=sum(len(t.split()) for t in texts),
            )
        )
    gaz, lex = gazetteer(), lexicon()
    return [
        extract_doc_sections(article, sections, gaz, lex) if sections else []
        for article, sections in zip(articles, per_article, strict=True)
    ]


def _body_words(article: Article) -> int:
    return sum(len(article.text[s:e].split()) for s, e in article.body_spans())
