"""When fusion runs during an ingest: a fusion outbox instead of an update per batch.

Updating the fused relations after every batch cost the ingest's one loading process more
and more as the store grew (the much-reported pairs are in nearly every batch and are
recounted each time), while the workers waited. So a batch only *queues* fusion: the ids of
the articles whose claims it changed are written to ``fuse_outbox`` in the batch's own
transaction (:func:`enqueue`). :func:`drain` fuses everything queued in one update and
empties the outbox in one transaction. An ingest drains at its start (what a killed run
left), every ``BACKERS_FUSE_EVERY`` seconds while it runs, and at its end
(:class:`FusionSchedule`), so a crash can delay fusion but never lose it silently: what is
pending is on record until it is fused, and ``backers ingest`` says when relations were
last fused.

The result is the same as fusing after every batch: ``fuse.update`` gives for any set of
articles what a full rebuild gives (``tests/fuse/test_incremental.py``), and the equality
of the two schedules is tested in ``tests/batch/test_fuse_schedule.py``.
"""

from __future__ import annotations

import time
from typing import Any

import duckdb

from backers.errors import BackersError
from backers.store.load import IngestReport

# When at least this share of the stored documents is queued (a first ingest), one full
# rebuild is cheaper than an incremental update of nearly everything; both give the same.
FULL_SHARE = 0.5


def enqueue(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Queue ``article_ids`` for fusion, in order, inside the caller's transaction."""
    if article_ids:
        con.execute(
            "INSERT INTO fuse_outbox (article_id) SELECT unnest(?::VARCHAR[])", [article_ids]
        )


def pending(con: duckdb.DuckDBPyConnection) -> int:
    """How many queued article ids wait for fusion."""
    return con.execute("SELECT count(*) FROM fuse_outbox").fetchone()[0]


def drain(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Fuse every queued article and empty the outbox, inside the caller's transaction.

    Returns the update's figures (empty when nothing was queued). Ids queued twice are
    fused once, in the order first queued.
    """
    from backers import fuse

    rows = con.execute("SELECT seq, article_id FROM fuse_outbox ORDER BY seq").fetchall()
    if not rows:
        return {}
    ids = list(dict.fromkeys(r[1] for r in rows))
    documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    full = len(ids) >= FULL_SHARE * documents
    stats = fuse.update(con, None if full else ids)
    _fused(con, rows[-1][0])
    figures = dict(vars(stats))
    figures["fusions"] = 1
    return figures


def rebuild(con: duckdb.DuckDBPyConnection) -> Any:
    """Rebuild every relation from the stored claims (``backers fuse``) and empty the
    outbox, inside the caller's transaction: a full rebuild covers whatever was queued, so
    leaving it queued would only make the next ingest fuse it again and report it as an
    interrupted run's. Returns the update's ``FuseStats``."""
    from backers import fuse

    last = con.execute("SELECT max(seq) FROM fuse_outbox").fetchone()[0]
    stats = fuse.update(con, None)
    _fused(con, last)
    return stats


def _fused(con: duckdb.DuckDBPyConnection, last_seq: int | None) -> None:
    """The outbox up to ``last_seq`` is fused: remove it and stamp the time."""
    if last_seq is not None:
        con.execute("DELETE FROM fuse_outbox WHERE seq <= ?", [last_seq])
    con.execute(
        "INSERT OR REPLACE INTO fuse_state VALUES ('fused_at', CAST(current_timestamp AS VARCHAR))"
    )


def state_line(con: duckdb.DuckDBPyConnection) -> str:
    """One line on the fusion state, as ``backers ingest`` and ``backers fuse`` print it:
    when the relations were last fused and how many queued articles still wait."""
    import re

    when, waiting = last_fused(con), pending(con)
    when = re.sub(r"\.\d+", "", when) if when else "never"  # whole seconds
    line = f"relations last fused {when}"
    if waiting:
        return line + f"; {waiting} articles still wait for fusion (run backers fuse)"
    return line + "; nothing waits for fusion"


def last_fused(con: duckdb.DuckDBPyConnection) -> str | None:
    """When the relations were last brought up to date (an update or a full rebuild), as
    the store's timestamp text, or None if never."""
    row = con.execute(
        "SELECT max(value) FROM fuse_state WHERE key IN ('fused_at', 'rebuilt_at')"
    ).fetchone()
    return row[0] if row else None


def fuse_every(raw: str, name: str = "BACKERS_FUSE_EVERY") -> float:
    """Seconds between two fusions during an ingest: a whole number >= 0 (0: after every
    batch), or a one-line error naming the variable."""
    try:
        value = float(raw.strip())
    except ValueError:
        value = -1.0
    if value < 0 or value != value:
        raise BackersError(f"{name}={raw!r} must be a number of seconds, 0 or more")
    return value


class FusionSchedule:
    """Drains the outbox of ``store`` when due: :meth:`batch_stored` after each batch
    (fuses once ``every`` seconds have passed since the last fusion; 0: after every batch)
    and :meth:`now` at the start and the end of a run. :attr:`report` adds up what the
    fusions did (``fuse``: "relations" is the store's total after the latest)."""

    def __init__(self, store: Any, every: float) -> None:
        self.store = store
        self.every = every
        self.last = time.monotonic()
        self.report = IngestReport()

    def batch_stored(self) -> None:
        if time.monotonic() - self.last >= self.every:
            self.now()

    def now(self) -> int:
        """Fuse whatever is queued, in one transaction of its own; return how many
        queued article ids it fused (0: nothing was queued)."""
        with self.store.write() as con:
            queued = pending(con)
            figures = drain(con)
        self.last = time.monotonic()
        self.report.add(IngestReport(fuse=figures))
        return queued
