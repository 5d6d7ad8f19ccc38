"""Markdown links in article text ("[the ministry](https://...)", as the HTML cleaner
keeps them), turned into pieces a template or a script writes as text and links:
never markup. markdown-it-py parses them (only its link rule is on), and only http(s)
targets become links; anything else stays text, so no page runs what an article holds."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt


def _http(url: str | None) -> str | None:
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("zero").enable(["link", "emphasis"])  # emphasis marks dropped, text kept


def pieces(text: str | None, mark: bool = False) -> list[dict[str, Any]]:
    """``[{text, href, mark}]``: the text with its links; ``href`` is ``None`` for plain
    text; ``mark`` flags the pieces of the claim's own span."""
    if not text:
        return []
    out: list[dict[str, Any]] = []
    href: str | None = None
    for block in _parser().parseInline(text):
        for tok in block.children or []:
            if tok.type == "link_open":
                href = _http(tok.attrGet("href"))
            elif tok.type == "link_close":
                href = None
            elif tok.type in ("softbreak", "hardbreak"):
                out.append({"text": "\n", "href": None, "mark": mark})
            elif tok.content:
                out.append({"text": tok.content, "href": href, "mark": mark})
    return out


def sentence_pieces(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The context before, the claim's exact span (the article's text between its
    offsets, or the stored sentence), and the context after, as pieces."""
    span = row.get("in_text") or row.get("sentence")
    return [
        *pieces(row.get("before")),
        *pieces(span, mark=True),
        *pieces(row.get("after")),
    ]
