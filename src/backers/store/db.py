"""The DuckDB store: opening it, migrating it, and writing batches atomically.

DuckDB lets one process write a file, or many read it, never both at once. So writers keep
the file open only for the length of one batch transaction, and every opener (reader or
writer) retries for a while when another process holds the lock. That is what lets
``backers serve`` keep answering while ``backers ingest`` runs beside it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from backers import settings
from backers.amounts.fill import after_migrations as fill_amounts
from backers.errors import MissingStore, NotADatabase, StoreError, StoreLocked
from backers.records import Article, Claim, Failure
from backers.store import search_index
from backers.store.load import IngestReport


def migrations() -> list[tuple[int, str, str]]:
    """The ordered migrations shipped in ``store/migrations``: (version, name, sql)."""
    folder = resources.files("backers.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name[:-4], entry.read_text(encoding="utf-8")))
    return sorted(found)


def _is_lock_error(err: Exception) -> bool:
    text = str(err)
    return "lock" in text.lower() and (
        "conflicting" in text.lower() or "could not set" in text.lower()
    )


def _open(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as err:
            if _is_lock_error(err):
                if time.monotonic() >= deadline:
                    raise StoreLocked(
                        f"the database is locked by another writer (waited {wait:.0f}s); "
                        "stop the other backers process or use another --db",
                        source=path,
                    ) from err
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.5)
                continue
            if "not a valid" in str(err).lower() or "database file" in str(err).lower():
                raise NotADatabase(
                    "is not a DuckDB database; name a new file or an existing backers store",
                    source=path,
                ) from err
            raise StoreError(str(err), source=path) from err
        except duckdb.Error as err:
            raise StoreError(str(err), source=path) from err


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded in ``schema_migrations``; return their names."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    fill_amounts(con, applied)  # a store older than its amounts table gets them filled
    return applied


class Store:
    """A backers store in one DuckDB file (or ``:memory:`` for tests).

    Connections are short-lived: ``with store.read() as con`` or ``with store.write() as con``.
    A ``:memory:`` store keeps one connection for its lifetime, since closing it loses the data.
    """

    def __init__(self, path: str | Path, lock_wait: float | None = None) -> None:
        self.path = str(path)
        self.lock_wait = lock_wait if lock_wait is not None else settings.as_int(settings.LOCK_WAIT)
        self._memory = self.path == ":memory:"
        self._con: duckdb.DuckDBPyConnection | None = None
        self._migrated = False

    # -- connections -------------------------------------------------------------------
    def _check_file(self) -> None:
        """Refuse a file that is not a DuckDB database before DuckDB touches it."""
        p = Path(self.path)
        if self._memory or not p.exists():
            return
        if p.is_dir():
            raise NotADatabase("is a folder, not a DuckDB database file", source=self.path)
        if p.stat().st_size == 0:
            return
        with p.open("rb") as fh:
            head = fh.read(16)
        if len(head) < 12 or head[8:12] != b"DUCK":
            raise NotADatabase(
                "is not a DuckDB database; name a new file or an existing backers store",
                source=self.path,
            )

    @contextmanager
    def _connection(self, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._memory:
            if self._con is None:
                self._con = duckdb.connect(":memory:")
                migrate(self._con)
                self._migrated = True
            yield self._con
            return
        self._check_file()
        if read_only and not Path(self.path).exists():
            raise MissingStore(
                f"no store here; create it with: backers ingest PATH... --db {self.path}",
                source=self.path,
            )
        if read_only and not self._migrated:
            # Make sure the schema is current before opening read-only.
            with self._connection(read_only=False):
                pass
        con = _open(self.path, read_only=read_only, wait=self.lock_wait)
        try:
            if not read_only and not self._migrated:
                migrate(con)
                self._migrated = True
            yield con
        finally:
            con.close()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection, held only for the block."""
        with self._connection(read_only=True) as con:
            yield con

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection inside one transaction: committed at the end of the block, rolled
        back if it raises. Nothing is half-written."""
        with self._connection(read_only=False) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def init(self) -> Store:
        """Create the file if needed and bring its schema up to date."""
        with self._connection(read_only=False):
            pass
        return self

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    # -- reads used by ingest ------------------------------------------------------------
    def known_articles(self) -> dict[str, str | None]:
        """Article id -> extractor version that last read it (None if never extracted)."""
        with self.read() as con:
            rows = con.execute(
                "SELECT d.id, e.extractor FROM documents d LEFT JOIN extractions e"
                " ON e.article_id = d.id"
            ).fetchall()
        return {row[0]: row[1] for row in rows}

    def counts(self) -> dict[str, int]:
        with self.read() as con:
            return {
                table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in ("documents", "claims", "failures")
            }

    # -- writes ----------------------------------------------------------------------------
    def write_batch(
        self,
        articles: Iterable[Article] = (),
        claims: dict[str, list[Claim]] | None = None,
        failures: Iterable[Failure] = (),
        extractor: str | None = None,
        after: Callable[[duckdb.DuckDBPyConnection, list[str]], dict] | None = None,
    ) -> IngestReport:
        """Store a batch in one transaction, through the same set-based load as ingest.

        ``claims`` maps Article.id -> the claims read from it by ``extractor``; those
        replace any earlier claims of that article (re-extraction), also for articles that
        are already stored. Articles already stored are counted as unchanged. ``after`` runs
        inside the same transaction with the ids of the articles whose claims changed (fusion
        uses it), so derived tables never disagree with the claims they come from.
        """
        from backers.store.load import batch_tables, load

        tables = batch_tables(
            list(articles),
            failures=list(failures),
            extractor=extractor,
            rereads=(claims or {}) if extractor is not None else {},
        )
        with self.write() as con:
            report = load(con, tables, after=after)
        search_index.after_load(self, report)  # the full-text index follows the batch
        return report

    def load(
        self,
        sources: dict,
        *,
        skipped: int = 0,
        after: Callable[[duckdb.DuckDBPyConnection, list[str]], dict] | None = None,
    ) -> IngestReport:
        """Load a batch given as Arrow tables or datasets (see ``backers.store.load``) in
        one transaction."""
        from backers.store.load import load

        with self.write() as con:
            report = load(con, sources, skipped=skipped, after=after)
        search_index.after_load(self, report)  # the full-text index follows the batch
        return report


def row_dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    """Rows of the last query as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
