"""The server's view of the store: private read-only copies, published by a background thread.

DuckDB lets one process write a file, or any number read it, never both at once; and inside
one process every connection to a file must have the same configuration. Opening the store
once per request (as the server first did) paid the open on every request (p50 260 ms) and,
with a migration check opening it read-write in one thread while other threads opened it
read-only, failed with "Can't open a connection to same database file with a different
configuration". Holding one read-only connection for good would lock every ingest out.

So the server reads a **snapshot**: a copy of the store file taken while holding the store's
read lock for the length of the copy only (a writer in another process waits that long, as
it waits for any reader), opened read-only once, with one cursor per request (DuckDB's
cursors are connections to the same database, safe to use from one thread each).

**Publication** is the job of one background thread, never of a request: it looks at the
store file every ``CHECK_EVERY`` seconds (a stat) and, when a writer has committed, copies
it, opens the copy, **warms** it (recomputes the answers most asked on the snapshot before,
``WARM_KEYS`` of them within ``WARM_SECONDS``) and only then swaps it in. So no request
ever pays for a copy or waits for a cold query after a commit, and the answers of one
snapshot all come from one state of the store (a copy is taken between two transactions:
never half a batch). A store that keeps changing is copied at most once every
``BACKERS_PUBLISH_EVERY`` seconds (default 1), and at most once every ten copy lengths
(``interval``): a copy costs time in proportion to the store's size, and a writer waits
for it, so copies take at most about a tenth of the time however large the store. A
commit is visible within that interval plus one copy. Requests already running finish on the
old snapshot, which is closed and deleted when the last of them is done.

A snapshot never changes, so the answers computed on it are kept with it (``answer``;
``generation`` names the snapshot, for caches kept elsewhere, e.g. whole responses).

Code that writes the store **inside the server** (an edit route) uses ``write(state)`` (or
``Snapshots.write()``): one
transaction on the store, serialised with the copies (two connections to one file with
different configurations in one process are what DuckDB refuses), then published at once,
so the writer's next read sees its own write. Writes from another process need nothing:
the background thread finds them.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from backers import settings
from backers.errors import BackersError, StoreLocked
from backers.store import Store

# How often the publisher looks at the store file for a change (a stat, cheap).
CHECK_EVERY = 0.05
# Answers kept per snapshot (a snapshot never changes, so an answer never goes stale; a
# new snapshot starts with the warmed ones).
MEMO_SIZE = 2048
# Answers recomputed on a new snapshot before it is swapped in: the most asked first.
WARM_KEYS = 64
WARM_SECONDS = 5.0
# A store whose copy takes c seconds is copied at most every COPY_SHARE * c seconds.
COPY_SHARE = 10.0

Compute = Callable[[duckdb.DuckDBPyConnection], Any]


def publish_every() -> float:
    """``BACKERS_PUBLISH_EVERY``: the least number of seconds between two snapshots of a
    store that keeps changing (0: a snapshot after every commit)."""
    setting = settings.PUBLISH_EVERY
    raw = setting.get()
    try:
        value = float(raw.strip())
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise BackersError(
            f"{setting.env}={raw!r} is not a number of seconds from 0 to 3600"
            f" (default {setting.default}): {setting.help}"
        )
    return value


@dataclass
class _Snap:
    path: Path
    con: duckdb.DuckDBPyConnection
    generation: int
    users: int = 0
    retired: bool = False
    memo: dict[Hashable, Any] = field(default_factory=dict)
    # How to compute each remembered answer, and how often it was asked: to warm the next.
    recipes: dict[Hashable, Compute] = field(default_factory=dict)
    hits: dict[Hashable, int] = field(default_factory=dict)
    pending: dict[Hashable, threading.Event] = field(default_factory=dict)


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
    """Read-only snapshots of the store at ``store.path``; see the module docstring.

    ``every``: least seconds between two publications (default ``BACKERS_PUBLISH_EVERY``);
    ``watch=False`` starts no background thread (then only ``publish()`` publishes)."""

    def __init__(
        self, store: Store, every: float | None = None, watch: bool = True, seed: bool = True
    ) -> None:
        self.store = store
        self.path = Path(store.path)
        self.every = publish_every() if every is None else every
        self._dir = Path(tempfile.mkdtemp(prefix="backers-serve-"))
        self._lock = threading.Lock()  # guards _current and the users counts
        self._publishing = threading.Lock()  # one copy (or in-process write) at a time
        self._current: _Snap | None = None
        self._stamp: tuple | None = None
        self._published_at = 0.0
        self._n = 0
        self._closed = threading.Event()
        self.remember = True  # False: compute every answer (benchmarks of the queries)
        self.seed = seed  # compute the network page's first screen on the first snapshot
        self.timings: list[dict[str, float]] = []  # the last publications: copy, open, warm
        atexit.register(_close_if_alive, weakref.ref(self))
        weakref.finalize(self, shutil.rmtree, str(self._dir), True)  # dropped unclosed
        store.init()  # migrated before the first copy
        self.publish(wait=store.lock_wait)
        self._watching = watch
        self._thread: threading.Thread | None = None
        self._start()

    def _start(self) -> None:
        if self._watching:
            self._thread = threading.Thread(
                target=_watch, args=(weakref.ref(self), self._closed), daemon=True,
                name="backers-publisher",
            )  # fmt: skip
            self._thread.start()

    # -- publication ---------------------------------------------------------------------
    @property
    def generation(self) -> int:
        """The number of the snapshot requests now read (grows by one per publication)."""
        snap = self._current
        return snap.generation if snap is not None else 0

    def publish(self, wait: float | None = None, force: bool = True) -> bool:
        """After a write: copy the store now and swap the copy in before returning, so the
        next read sees the write. True when a new snapshot is in. Waits at most ``wait``
        seconds (default the store's lock wait) for another process's write lock; when it
        runs out the old snapshot stays (``StoreLocked`` only when there is none yet).
        ``force=False`` copies only when the store file changed."""
        wait = self.store.lock_wait if wait is None else wait
        with self._publishing:
            return self._publish_locked(wait, force)

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction on the store from inside the server (committed at the end
        of the block, rolled back if it raises), then published: see the module docstring."""
        with self._publishing:
            with self.store.write() as con:
                yield con
            self._publish_locked(self.store.lock_wait, force=True)

    def _publish_locked(self, wait: float, force: bool) -> bool:
        if self._closed.is_set():
            return False
        stamp = _stamp(self.path)
        if not force and stamp == self._stamp and self._current is not None:
            return False
        started = time.perf_counter()
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
        copied = time.perf_counter()
        con = duckdb.connect(str(target), read_only=True)
        snap = _Snap(target, con, generation=self._n)
        _prime(con)
        opened = time.perf_counter()
        old = self._current
        if old is not None and self.remember:
            self._warm(old, snap)
        elif self.remember and self.seed:
            self._seed(snap)
        warmed = time.perf_counter()
        # recorded before the swap: whoever sees the new generation sees its timings too
        self.timings = [
            *self.timings[-49:],
            {
                "copy_s": copied - started,
                "open_s": opened - copied,
                "warm_s": warmed - opened,
                "answers_warmed": len(snap.memo),
                "bytes": target.stat().st_size,
            },
        ]
        self._stamp = stamp
        self._published_at = time.monotonic()
        with self._lock:
            old, self._current = self._current, snap
            if old is not None:
                old.retired = True
                if old.users == 0:
                    self._drop(old)
        return True

    def _seed(self, snap: _Snap) -> None:
        """The first snapshot: compute the network page as it opens
        (:mod:`backers.serve.first_screen`), so the first request does not pay for it."""
        from backers.serve.first_screen import recipes

        self._compute(snap, recipes(), time.perf_counter() + WARM_SECONDS)

    def _compute(self, snap: _Snap, recipes: list, deadline: float) -> None:
        for key, compute in recipes:
            if time.perf_counter() > deadline or self._closed.is_set():
                break
            cur = snap.con.cursor()
            try:
                snap.memo[key] = compute(cur)
            except Exception:  # noqa: BLE001 - asked again, it fails in its own request
                continue
            finally:
                cur.close()
            snap.recipes[key] = compute

    def _warm(self, old: _Snap, new: _Snap) -> None:
        """Compute on ``new`` the answers most asked on ``old`` (within the time budget)."""
        deadline = time.perf_counter() + WARM_SECONDS
        with self._lock:
            ranked = sorted(old.recipes, key=lambda k: old.hits.get(k, 0), reverse=True)
            recipes = [(k, old.recipes[k]) for k in ranked[:WARM_KEYS]]
        self._compute(new, recipes, deadline)

    def interval(self) -> float:
        """Least seconds between two publications by the publisher: ``every``, or
        ``COPY_SHARE`` times the last copy's length when that is longer, so copying a
        large store takes at most about a tenth of the time (and of a writer's)."""
        last = self.timings[-1]["copy_s"] if self.timings else 0.0
        return max(self.every, COPY_SHARE * last)

    def _tick(self) -> None:
        """One look of the publisher: a new snapshot when the store changed and ``every``
        seconds have passed since the last one."""
        if time.monotonic() - self._published_at < self.interval():
            return
        if _stamp(self.path) == self._stamp:
            return
        try:
            self.publish(wait=0.0, force=False)  # a writer holds the store: next time
        except Exception:  # noqa: BLE001 - the old snapshot keeps serving; try again
            time.sleep(1.0)

    # -- reading -------------------------------------------------------------------------
    def reopen(self) -> None:
        """After ``close`` (a server's lifespan ended, and the app is used again): a new
        snapshot, and the publisher again."""
        with self._publishing:
            if self._current is not None:
                return
            self._closed.clear()
            self._publish_locked(self.store.lock_wait, force=True)
        self._start()

    @contextmanager
    def _use(self) -> Iterator[_Snap]:
        """The newest snapshot, kept open while the block runs."""
        if self._current is None:
            self.reopen()
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
        """The remembered answer to ``key`` on the newest snapshot, or ``MISSING``. Never
        blocks, so the server's event loop can call it."""
        snap = self._current
        if not self.remember or snap is None:
            return MISSING
        found = snap.memo.get(key, MISSING)
        if found is not MISSING:
            snap.hits[key] = snap.hits.get(key, 0) + 1
        return found

    def answer(self, key: Hashable, compute: Compute) -> Any:
        """``compute(cursor)`` on the newest snapshot, remembered for that snapshot: the
        same question asked again before the store changes is answered from memory. When
        many requests ask the same new question at once, one computes it and the others
        wait for its answer instead of all querying. Every answer is of this snapshot (the
        answers most asked were computed before it was swapped in), so whole responses
        can be kept per ``generation``."""
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
                    else:
                        snap.hits[key] = snap.hits.get(key, 0) + 1
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
                        snap.recipes.clear()
                        snap.hits.clear()
                    snap.memo[key] = value
                    snap.recipes[key] = compute
                    snap.hits[key] = snap.hits.get(key, 0) + 1
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
        """Stop the publisher, close the snapshot and delete the copies."""
        self._closed.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=30)
        with self._publishing, self._lock:
            snap, self._current, self._stamp = self._current, None, None
            if snap is not None:
                snap.retired = True
                if snap.users == 0:
                    self._drop(snap)
        if snap is None or snap.users == 0:
            shutil.rmtree(self._dir, ignore_errors=True)


def _prime(con: duckdb.DuckDBPyConnection) -> None:
    """The whole-store aggregates of the network page's first screen, computed on a new
    snapshot before it is swapped in (once per fusion: free when fusion did not run), so
    neither the first request after a start nor the first after an ingest pays for them."""
    from backers.query.network import prime

    cur = con.cursor()
    try:
        prime(cur)
    except Exception:  # noqa: BLE001 - a store too old to rank, a bad data file: each
        pass  # request that needs it says why, as without priming
    finally:
        cur.close()


def _watch(ref: weakref.ref, closed: threading.Event) -> None:
    """The publisher thread; it holds its ``Snapshots`` only weakly, so a server dropped
    without ``close`` (tests) does not keep a thread looking at its file."""
    while not closed.wait(CHECK_EVERY):
        snapshots = ref()
        if snapshots is None:
            return
        snapshots._tick()
        del snapshots


def _close_if_alive(ref: weakref.ref) -> None:
    snapshots = ref()
    if snapshots is not None:
        snapshots.close()


def connection(state: Any) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A connection for one request given the app's ``state``: a cursor on the newest
    snapshot, or the store itself when it is in memory (tests). Routes that read outside
    ``answer`` use this, never ``store.read()``: opening the store file from a request
    would wait for an ingest's lock and clash with an in-process writer."""
    if state.snapshots is None:
        return state.store.read()
    return state.snapshots.cursor()


def write(state: Any) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """One write transaction on the store from a request, given the app's ``state``, then
    published: the call an edit route makes (``with write(request.app.state) as con``).
    Committed at the end of the block, rolled back if it raises; the next request (the
    writer's own included) reads the new state."""
    if state.snapshots is None:
        return state.store.write()
    return state.snapshots.write()
