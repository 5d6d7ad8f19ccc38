"""A proportional time axis: periods placed by time, not as evenly spaced categories.

"2015" (a claim dated to the year only), "2015-05" and "2021" land at their true positions
on one scale; a year-only period spans its whole year in a lane of its own, so it is never
drawn as if it were a month, and each mark says its precision."""

from __future__ import annotations

import datetime as dt
from typing import Any

WIDTH = 900
BAR_TOP, BAR_BOTTOM = 8, 98  # the lane of months (and days, counted by month)
TICK_TEXT = 111  # year labels under the months
YEAR_TOP, YEAR_HEIGHT = 116, 16  # the lane of claims dated to a year only


def _start(period: str) -> dt.date:
    parts = [int(p) for p in period.split("-")[:2]]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, 1)


def _end(period: str) -> dt.date:
    start = _start(period)
    if len(period) == 4:
        return dt.date(start.year + 1, 1, 1)
    return dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def axis(buckets: list[dict[str, Any]], width: int = WIDTH) -> dict[str, Any] | None:
    """SVG geometry for ``buckets`` (``{period, claims}``, "YYYY" or "YYYY-MM"): ``bars``
    (months), ``spans`` (years only), ``ticks`` (one a year, thinned to fit), and the
    extent ``first``..``last``; ``None`` without buckets."""
    if not buckets:
        return None
    t0 = dt.date(min(_start(b["period"]) for b in buckets).year, 1, 1)
    end = max(_end(b["period"]) for b in buckets)
    t1 = end if (end.month, end.day) == (1, 1) else dt.date(end.year + 1, 1, 1)
    days = (t1 - t0).days or 1

    def x(day: dt.date) -> float:
        return round(width * (day - t0).days / days, 1)

    months = [b for b in buckets if len(b["period"]) > 4]
    peak = max([b["claims"] for b in months] or [1])
    bars, spans = [], []
    for b in buckets:
        left, right = x(_start(b["period"])), x(_end(b["period"]))
        if len(b["period"]) == 4:
            spans.append({**b, "x": left, "w": max(right - left, 2), "precision": "year"})
        else:
            h = round((BAR_BOTTOM - BAR_TOP) * b["claims"] / peak, 1)
            bars.append(
                {**b, "x": left, "w": max(right - left - 0.5, 1.5), "y": BAR_BOTTOM - h, "h": h,
                 "precision": "month"}
            )  # fmt: skip
    years = list(range(t0.year, t1.year + 1))
    step = max(1, len(years) // 12)
    ticks = [{"x": x(dt.date(y, 1, 1)), "label": str(y)} for y in years[::step]]
    return {
        "width": width,
        "height": YEAR_TOP + YEAR_HEIGHT + 20,
        "bars": bars,
        "spans": spans,
        "ticks": ticks,
        "first": t0.isoformat(),
        "last": t1.isoformat(),
        "lanes": {
            "bar_bottom": BAR_BOTTOM,
            "tick_text": TICK_TEXT,
            "year_top": YEAR_TOP,
            "year_height": YEAR_HEIGHT,
        },
    }
