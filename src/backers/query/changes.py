"""The read side of changes (``backers changes``, ``/api/changes``, the Atom feed): what the
runs changed in the picture, newest first, filtered by time, actor and kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backers.store import row_dicts

KINDS = ("new-supporter", "new-relation", "status", "denial", "confidence")
COLUMNS = "id, run, changed_at AS at, kind, supporter, recipient, type, before, after, summary"


def parse_since(value: str | None) -> dt.datetime | None:
    """``YYYY-MM-DD`` or an ISO date-time (UTC when no zone is given); ValueError else."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    if len(text) == 10:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def list_changes(
    con,
    *,
    since: dt.datetime | None = None,
    actor: str | None = None,
    kinds: list[str] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """``{"total": n, "items": [...]}``: changes recorded at or after ``since`` where
    ``actor`` is the supporter or the recipient (case ignored), newest first."""
    where, params = [], []
    if since is not None:
        where.append("changed_at >= ?")
        params.append(since)
    if actor:
        where.append("(lower(supporter) = lower(?) OR lower(recipient) = lower(?))")
        params += [actor, actor]
    if kinds:
        where.append(f"kind IN ({', '.join('?' for _ in kinds)})")
        params += list(kinds)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = con.execute(f"SELECT count(*) FROM changes{clause}", params).fetchone()[0]  # noqa: S608
    rows = row_dicts(
        con.execute(
            f"SELECT {COLUMNS} FROM changes{clause} ORDER BY changed_at DESC, id DESC"  # noqa: S608
            " LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    )
    for row in rows:
        row["at"] = row["at"].replace(microsecond=0).isoformat() + "Z"
    return {"total": total, "items": rows}
