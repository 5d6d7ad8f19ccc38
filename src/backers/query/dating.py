"""How a claim's date is known, in words a reader can weigh: the date, its precision,
and where it came from (the sentence itself, the page's metadata, the record, a date the
article's text states, or a relative "4 days ago" anchored on --as-of, the retrieval date
or the file's time: ``meta.date_source``, see :mod:`backers.ingest.readers`).

A date read from the text, or computed from a relative one, is an inference: every page
marks it so (``inferred``), and a relative date is never placed on a timeline (see
:mod:`backers.query.seen`)."""

from __future__ import annotations

from typing import Any

_PRECISION = {4: "year", 7: "month", 10: "day"}
_SOURCES = {
    "page": "from the page's metadata",
    "record": "from the record",
    "text": "inferred from the article's text",
}


def _claim_time(claim: dict[str, Any]) -> str | None:
    time = claim.get("time") or ""
    first = time.split("/")[0]
    return first if len(first) in _PRECISION and first[:4].isdigit() else None


def describe_date(claim: dict[str, Any]) -> dict[str, Any]:
    """``{date, precision, source, inferred, relative}`` of a claim row that has ``time``,
    ``published``, ``published_precision`` and ``date_source`` (and ``seen`` or
    ``date``: the date the read layer placed it at, if any)."""
    placed = claim.get("seen") or claim.get("date")
    own = _claim_time(claim)
    if own and placed == own:
        return {
            "date": own,
            "precision": _PRECISION[len(own)],
            "source": "stated in the sentence",
            "inferred": False,
            "relative": False,
        }
    published = claim.get("published")
    if not published:
        return {
            "date": None,
            "precision": None,
            "source": "no date",
            "inferred": False,
            "relative": False,
        }
    origin = claim.get("date_source") or ""
    relative = claim.get("published_precision") == "relative" or origin.startswith("relative")
    return {
        "date": published,
        "precision": claim.get("published_precision"),
        "source": _SOURCES.get(origin, origin or "source not recorded"),
        "inferred": relative or origin == "text",
        "relative": relative,
    }
