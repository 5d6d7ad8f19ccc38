"""The server's view of the store: a private read-only copy, swapped when the store changes.

DuckDB lets one process write a file, or any number read it, never both at once; and inside
one process every connection to a file must have the same configuration. Opening the store
once per request (as the server first did) paid the open on every request (p50 260 ms) and,
with a migration check opening it read-write in one thread while other threads opened it
read-only, failed with "Can't open a connection to same database file with a different
configuration". Holding one read-only connection for good would lock every ingest out.

So the server reads a **snapshot**: a copy of the store file taken while holding the store's
read lock for the length of the copy only (a writer in another process waits that long, as
it waits for any reader), opened read-only once, with one cursor per request (DuckDB's
cursors are connections to the same database, safe to use from one thread each). When the
store file changes (an ingest committed a batch), the next request copies it again and
swaps the snapshot in; requests already running finish on the old one, which is closed and
deleted when the last of them is done. A snapshot never changes, so the answers computed on
it are kept with it (``answer``): a question asked again before the next commit costs no
query. While a writer holds the store, requests are
answered from the last snapshot, so readers never wait for a writer and never fail because
of one; they see the ingest's batches as they are committed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from backers.errors import StoreLocked
from backers.store import Store

# How often a request may look at the store file for a change (a stat, cheap), and how
# long a refresh waits for a writer's lock before serving the old snapshot again.
CHECK_EVERY = 0.05
REFRESH_WAIT = 0.0


# Answers kept per snapshot (a snapshot never changes, so an answer never goes stale; a
# new snapshot starts with none).
MEMO_SIZE = 2048


@dataclass
class _Snap:
    path: Path
    con: duckdb.DuckDBPyConnection
    users: int = 0
    retired: bool = False
    memo: dict[Hashable, Any] = field(default_factory=dict)
    pending: dict[Hashable, threading.Event] = field(default_factory=dict)
    # The answers of the snapshot this one replaced: given while this one's are computed.
    stale: dict[Hashable, Any] = field(default_factory=dict)


MISSING = object()


def _stamp(path: Path) -> tuple:
    """What changes when a writer commits: the file's and its WAL's size and mtime."""
    out = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            out.append((st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


class Snapshots:
    """Read-only snapshots of the store at ``store.path``; see the module docstring."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = Path(store.path)
        self._dir = Path(tempfile.mkdtemp(prefix="backers-serve-"))
        self._lock = threading.Lock()  # guards _current and the users counts
        self._refreshing = threading.Lock()  # one refresh at a time
        self._current: _Snap | None = None
        self._stamp: tuple | None = None
        self._checked = 0.0
        self._n = 0
        self.remember = True  # False: compute every answer (benchmarks of the queries)
        atexit.register(self.close)
        store.init()  # migrated before the first copy
        self.refresh(wait=store.lock_wait)

    def refresh(self, wait: float = REFRESH_WAIT) -> bool:
        """Copy the store if it changed since the last copy; True when a new snapshot is in.

        Waits at most ``wait`` seconds for a writer's lock; when it runs out, the old
        snapshot stays (raises :class:`StoreLocked` only when there is none yet)."""
        if not self._refreshing.acquire(blocking=self._current is None):
            return False  # another request is refreshing; this one reads the old snapshot
        try:
            stamp = _stamp(self.path)
            if stamp == self._stamp and self._current is not None:
                return False
            self._n += 1
            self._dir.mkdir(parents=True, exist_ok=True)
            target = self._dir / f"snapshot-{self._n}.duckdb"
            saved = self.store.lock_wait
            self.store.lock_wait = wait
            try:
                with self.store.read():  # the read lock: no writer while we copy
                    stamp = _stamp(self.path)
                    shutil.copyfile(self.path, target)
                    wal = self.path.with_name(self.path.name + ".wal")
                    if wal.exists():
                        shutil.copyfile(wal, target.with_name(target.name + ".wal"))
            except StoreLocked:
                if self._current is None:
                    raise
                return False
            finally:
                self.store.lock_wait = saved
            con = duckdb.connect(str(target), read_only=True)
            with self._lock:
                old, self._current = self._current, _Snap(target, con)
                if old is not None:
                    self._current.stale = old.memo
                self._stamp = stamp
                if old is not None:
                    old.retired = True
                    if old.users == 0:
                        self._drop(old)
            return True
        finally:
            self._refreshing.release()

    def _maybe_refresh(self) -> None:
        now = time.monotonic()
        if now - self._checked < CHECK_EVERY:
            return
        self._checked = now
        if _stamp(self.path) != self._stamp:
            self.refresh()

    @contextmanager
    def _use(self) -> Iterator[_Snap]:
        """The newest snapshot, kept open while the block runs (a closed view reopens)."""
        if self._current is None:
            self.refresh(wait=self.store.lock_wait)
        self._maybe_refresh()
        with self._lock:
            snap = self._current
            if snap is None:  # closed by a shutdown racing this request
                raise StoreLocked("the server is shutting down", source=str(self.path))
            snap.users += 1
        try:
            yield snap
        finally:
            with self._lock:
                snap.users -= 1
                if snap.retired and snap.users == 0:
                    self._drop(snap)

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the newest snapshot, for one request."""
        with self._use() as snap:
            cur = snap.con.cursor()
            try:
                yield cur
            finally:
                cur.close()

    def peek(self, key: Hashable) -> Any:
        """The remembered answer to ``key`` on the newest snapshot, or ``MISSING`` (also
        when the store may have changed since: then ``answer`` refreshes). Never blocks on
        I/O beyond a stat, so the server's event loop can call it."""
        if not self.remember:
            return MISSING
        now = time.monotonic()
        if now - self._checked >= CHECK_EVERY:
            if _stamp(self.path) != self._stamp:
                return MISSING
            self._checked = now
        snap = self._current
        if snap is None:
            return MISSING
        return snap.memo.get(key, MISSING)

    def answer(self, key: Hashable, compute: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
        """``compute(cursor)`` on the newest snapshot, remembered for that snapshot: the
        same question asked again before the store changes is answered from memory. When
        many requests ask the same new question at once (just after a commit), one
        computes it; the others get the answer of the snapshot before (a state the store
        was in a moment ago, whole and consistent) or, when that one did not have it,
        wait for the new answer instead of all querying."""
        if not self.remember:
            with self.cursor() as cur:
                return compute(cur)
        with self._use() as snap:
            while True:
                with self._lock:
                    found = snap.memo.get(key, MISSING)
                    if found is MISSING:
                        pending = snap.pending.get(key)
                        if pending is None:
                            pending = snap.pending[key] = threading.Event()
                            break  # this request computes
                        found = snap.stale.get(key, MISSING)
                if found is not MISSING:
                    return found
                pending.wait(timeout=30)
                with self._lock:
                    found = snap.memo.get(key, MISSING)
                if found is not MISSING:
                    return found
                # the computing request failed (its error went to its own client): try
            try:
                cur = snap.con.cursor()
                try:
                    value = compute(cur)
                finally:
                    cur.close()
                with self._lock:
                    if len(snap.memo) >= MEMO_SIZE:
                        snap.memo.clear()
                    snap.memo[key] = value
                    snap.stale.pop(key, None)
                return value
            finally:
                with self._lock:
                    snap.pending.pop(key, None)
                pending.set()

    @staticmethod
    def _drop(snap: _Snap) -> None:
        snap.con.close()
        for p in (snap.path, snap.path.with_name(snap.path.name + ".wal")):
            try:
                os.remove(p)
            except FileNotFoundError:
                pass

    def close(self) -> None:
        """Close the snapshot and delete the copies (a later request opens a new one)."""
        with self._lock:
            snap, self._current, self._stamp = self._current, None, None
            if snap is not None:
                snap.retired = True
                if snap.users == 0:
                    self._drop(snap)
        if snap is None or snap.users == 0:
            shutil.rmtree(self._dir, ignore_errors=True)
