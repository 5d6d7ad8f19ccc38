"""When a claim happened: a date expression near the event, resolved against the article's
published date where that is safe ("in November" -> the last November on or before the
publication; "last year" -> the year before), else kept as written."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        parts = [int(p) for p in published[:10].split("-")]
    except ValueError:
        return None
    while len(parts) < 3:
        parts.append(1)
    try:
        return dt.date(*parts[:3])
    except ValueError:
        return None


def resolve_time(expr: str, published: str | None, precision: str = "day") -> str:
    """An ISO date or interval for ``expr`` where it can be resolved, else ``expr``.

    Only day- or month-precise publication dates anchor relative expressions."""
    text = expr.strip().lower()
    text = re.sub(r"^(in|on|since|during|by|from|at|toward|towards|until)\s+", "", text)
    anchor = _published(published) if precision in ("day", "month") else None
    year = re.fullmatch(r"(?:the year )?((?:19|20)\d\d)", text)
    if year:
        return year.group(1)
    m = re.fullmatch(r"([a-z]+)\.?,?\s+((?:19|20)\d\d)", text)
    if m and (m.group(1) in _MONTHS or m.group(1)[:3] in _MONTH_ABBR):
        month = _MONTHS.get(m.group(1)) or _MONTH_ABBR[m.group(1)[:3]]
        return f"{m.group(2)}-{month:02d}"
    m = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)", text)
    if m and m.group(1)[:3] in _MONTH_ABBR:
        return f"{m.group(3)}-{_MONTH_ABBR[m.group(1)[:3]]:02d}-{int(m.group(2)):02d}"
    if anchor is None:
        return expr.strip()
    if text in _MONTHS:
        month = _MONTHS[text]
        y = anchor.year if month <= anchor.month else anchor.year - 1
        return f"{y}-{month:02d}"
    if text in ("last year", "the past year"):
        return str(anchor.year - 1)
    if text in ("this year", "earlier this year"):
        return str(anchor.year)
    if re.fullmatch(r"(?:the )?end of last year", text):
        return f"{anchor.year - 1}-10/{anchor.year - 1}-12"
    if text == "last month":
        first = anchor.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year}-{first.month:02d}"
    if text in ("this month", "earlier this month"):
        return f"{anchor.year}-{anchor.month:02d}"
    if text in ("today", "this week") and precision == "day":
        return anchor.isoformat() if text == "today" else expr.strip()
    if text == "yesterday" and precision == "day":
        return (anchor - dt.timedelta(days=1)).isoformat()
    if text in _WEEKDAYS and precision == "day":
        back = (anchor.weekday() - _WEEKDAYS.index(text)) % 7
        return (anchor - dt.timedelta(days=back)).isoformat()
    return expr.strip()
