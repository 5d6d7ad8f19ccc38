"""Dates of articles: metadata dates normalised to ISO with a precision, and date lines
read from scraped text ("4 days ago", "Oct. 19, 2022") resolved with dateparser.

Precision follows ``backers.records.PRECISIONS``. A relative expression resolved against a
base date gives an ISO day with precision ``relative``: the day is only as good as the base
(``as_of``, the record's retrieval date, or the file's modification time), which callers
record in ``Article.meta``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import dateparser

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?\s*$")
_SETTINGS: dict[str, Any] = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}


def normalise_date(value: Any) -> tuple[str | None, str]:
    """An ISO date and its precision from a metadata value (``2022``, ``2022-10``,
    ``2022-10-19``, an ISO timestamp, a date object or free text); ``(None, "unknown")``
    when it cannot be read."""
    if value is None or value == "":
        return None, "unknown"
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    text = str(value).strip()
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        try:
            if day:
                return dt.date(int(year), int(month), int(day)).isoformat(), "day"
            if month and 1 <= int(month) <= 12:
                return f"{int(year):04d}-{int(month):02d}", "month"
            if not month:
                return f"{int(year):04d}", "year"
        except ValueError:
            return None, "unknown"
    parsed = parse_absolute(text)
    if parsed is None:
        return None, "unknown"
    return parsed.isoformat(), "day"


def parse_absolute(expr: str) -> dt.date | None:
    """A calendar date written out in text, or None."""
    try:
        parsed = dateparser.parse(expr, languages=["en"], settings=_SETTINGS)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


def resolve_relative(expr: str, base: dt.date) -> dt.date | None:
    """The day a relative expression ("4 days ago", "4d ago", "yesterday") points to,
    counted back from ``base``."""
    compact = re.sub(
        r"(\d+)\s*(s|m|h|d|w|y|mo)\b",
        lambda m: f"{m.group(1)} {_UNITS[m.group(2).lower()]}",
        expr.strip(),
        flags=re.I,
    )
    settings = dict(_SETTINGS)
    settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time(12, 0))
    try:
        parsed = dateparser.parse(compact, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


_UNITS = {
    "s": "seconds",
    "m": "minutes",
    "h": "hours",
    "d": "days",
    "w": "weeks",
    "mo": "months",
    "y": "years",
}


def file_date(mtime: float) -> dt.date:
    """The UTC day of a file's modification time."""
    return dt.datetime.fromtimestamp(mtime, tz=dt.UTC).date()


_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "October 18, 2022", "Oct. 18 2022", "18 October 2022", "2022-10-18": a full calendar
# date written in the text, with its year (a dateline without a year says too little).
_STATED = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-[01]\d-[0-3]\d)\b"
)


def stated_date(text: str, within: int = 1500) -> tuple[str, str] | None:
    """The first full calendar date stated near the start of a text (a dateline, "on
    October 18, 2022" in the lead or a caption), as ``(ISO day, "day")``; None when the
    text states none. Ingest uses it before falling back to a file's time, which dates the
    file, not the article."""
    for match in _STATED.finditer(text[:within]):
        day = parse_absolute(match.group(0))
        if day is not None:
            return day.isoformat(), "day"
    return None
