"""HTML pages: trafilatura finds the article body and the metadata (title, author, date,
site name); reader comments it finds are kept apart so they never reach the body."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from backers.errors import NoArticleBody
from backers.ingest.decode import has_text


@dataclass
class HtmlDoc:
    text: str
    comments: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def extract_html(html: str, source: str, url: str | None = None) -> HtmlDoc:
    """The article in ``html``; raises :class:`NoArticleBody` when there is none."""
    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=True,
            include_tables=True,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise NoArticleBody(f"HTML could not be parsed ({type(exc).__name__})", source) from exc
    if found is None:
        raise NoArticleBody("no article body found in the HTML", source)
    data = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = (data.get("text") or "").strip()
    if not has_text(text):
        raise NoArticleBody("no article body found in the HTML", source)
    return HtmlDoc(
        text=text,
        comments=(data.get("comments") or "").strip(),
        title=_clean(data.get("title")),
        author=_clean(data.get("author")),
        date=_clean(data.get("date")),
        sitename=_clean(data.get("sitename")),
        url=_clean(data.get("url")) or url,
    )


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
