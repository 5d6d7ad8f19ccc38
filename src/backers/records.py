"""The core records of backers. Read this module first.

An :class:`Article` is what the readers produce: the cleaned text of one news item with its
metadata, split into labelled :class:`Section` spans (body, caption, comments, noise) so that
nothing the cleaner removes is lost. A :class:`Claim` is one support claim read from one body
sentence, in the shape of the output contract (`shared/spec/claims.md`). A :class:`Failure`
is a recorded problem with one input. Relations (fused claims) live in ``backers.fuse``.

These are plain dataclasses: the library passes them between stages, the store flattens them
into rows, and ``to_dict`` gives the JSON form used by the CLI, the API and the exports.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

# Section kinds. Only BODY is read by extraction.
BODY = "body"
TITLE = "title"
CAPTION = "caption"
COMMENTS = "comments"
BYLINE = "byline"
NOISE = "noise"
SECTION_KINDS = (TITLE, BYLINE, BODY, CAPTION, COMMENTS, NOISE)

# Contract vocabularies (shared/spec/claims.md).
TYPES = (
    "arms",
    "personnel",
    "combat",
    "training",
    "intelligence",
    "funding",
    "logistics",
    "dual_use",
    "diplomatic",
    "humanitarian",
    "unspecified",
)
STATUSES = ("delivered", "pledged", "requested", "refused", "halted")
CERTAINTIES = ("confirmed", "stated", "assessed", "alleged", "denied")

# Precision of a date: how much of published/time is known.
PRECISIONS = ("day", "month", "year", "relative", "unknown")


def content_hash(text: str) -> str:
    """A stable hex digest of text, used for ids and change detection."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Section:
    """A labelled span ``[start, end)`` of an article's cleaned text.

    ``label`` says why a NOISE section was removed (e.g. ``image-url``, ``counter``,
    ``share``), so ``backers show`` can explain the cleaner.
    """

    kind: str
    start: int
    end: int
    label: str = ""


@dataclass
class Article:
    """One cleaned news item.

    ``text`` is the whole cleaned text (all sections concatenated, in reading order);
    ``sections`` tile it. ``doc_id`` is the contract's id (file stem or JSONL ``id``);
    ``id`` is derived from content, so the same text read twice has the same id.
    """

    doc_id: str
    text: str
    sections: list[Section]
    source: str  # file path, "<stdin>", or "path:line" for a JSONL record
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD)
    published_precision: str = "unknown"
    retrieved: str | None = None  # ISO date the text was fetched, where known
    raw_hash: str = ""  # sha256 of the raw input (before cleaning)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Content-derived id: same doc_id, url and cleaned text -> same id."""
        key = "\x1f".join([self.doc_id, self.url or "", self.text])
        return content_hash(key)[:16]

    def section_text(self, kind: str) -> list[tuple[Section, str]]:
        """The sections of one kind with their text."""
        return [(s, self.text[s.start : s.end]) for s in self.sections if s.kind == kind]

    def body_spans(self) -> list[tuple[int, int]]:
        """Offsets of the body sections, the only text extraction reads."""
        return [(s.start, s.end) for s in self.sections if s.kind == BODY]

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["id"] = self.id
        return d


@dataclass
class Claim:
    """One support claim, as the output contract defines it.

    ``start``/``end`` are character offsets of ``sentence`` in the article's cleaned text.
    ``extractor`` names the extractor and its version, so stale claims can be found.
    """

    doc_id: str
    supporter: str
    recipient: str
    type: str
    status: str
    certainty: str
    claimant: str | None
    claimant_affiliation: str | None
    sentence: str
    start: int
    end: int
    items: list[str] = field(default_factory=list)
    quantity: str | None = None
    location: str | None = None
    time: str | None = None
    evidence: str | None = None
    extractor: str = ""
    article_id: str = ""  # Article.id of the document it was read from
    # the named pattern that read it, then the resolvers that filled or changed it
    # ("verb.give", "fill.recent"): what `backers eval --by-rule` scores one by one
    rules: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        key = "\x1f".join(
            [
                self.article_id or self.doc_id,
                self.supporter,
                self.recipient,
                self.type,
                self.status,
                str(self.start),
                str(self.end),
                self.claimant or "",
            ]
        )
        return content_hash(key)[:16]

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["id"] = self.id
        return d


@dataclass
class Failure:
    """A problem with one input, recorded so that a batch run can go on."""

    source: str
    stage: str  # read, clean, nlp, extract, store
    code: str  # short machine code, see backers.errors
    message: str
