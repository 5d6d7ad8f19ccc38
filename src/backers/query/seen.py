"""When a claim is seen: the one definition fusion writes and every filter reads.

A claim is seen at its own ``time`` where that is an ISO date or interval (``2022``,
``2022-10``, ``2022-10-05``, ``2022-10/2023-01``), else at its article's publication date
unless that date is relative. A relative date ("4 days ago" resolved
against a file's time) is no date here: it would widen a relation's first/last seen, or
put it on a timeline, as if it were known.
"""

from __future__ import annotations

# ISO claim times: 2022, 2022-10, 2022-10-05, 2022-10/2023-01.
_TIMED = (
    "regexp_full_match(coalesce({c}.\"time\", ''),"
    " '\\d{{4}}(-\\d{{2}}(-\\d{{2}})?)?(/\\d{{4}}(-\\d{{2}}(-\\d{{2}})?)?)?')"
)
# Publication dates good enough to place a claim in time: any but a relative one.
_EXACT = "coalesce({d}.published_precision, '') <> 'relative'"


def seen_from(c: str = "c", d: str = "d") -> str:
    """SQL: the first day a claim (alias ``c``, its document ``d``) is seen at."""
    return (
        f"(CASE WHEN {_TIMED.format(c=c)} THEN split_part({c}.\"time\", '/', 1)"
        f" WHEN {_EXACT.format(d=d)} THEN {d}.published END)"
    )


def seen_to(c: str = "c", d: str = "d") -> str:
    """SQL: the last day a claim is seen at (the end of its time interval)."""
    return (
        f"(CASE WHEN {_TIMED.format(c=c)} THEN coalesce(nullif(split_part({c}.\"time\", '/', 2),"
        f" ''), split_part({c}.\"time\", '/', 1))"
        f" WHEN {_EXACT.format(d=d)} THEN {d}.published END)"
    )
