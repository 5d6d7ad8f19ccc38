"""Writing amounts beside the claims they are read from, inside the caller's transaction.

Ingest calls :func:`fill` with the articles whose claims it just replaced; the store's
migration calls :func:`after_migrations`, which fills a store whose claims were stored
before the ``amounts`` table existed; ``backers amounts --refresh`` calls :func:`refresh`.
Only the stored claims are read (quantity, sentence, items, type), never the articles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import duckdb
import pyarrow as pa

from backers.amounts.parse import VERSION, normalise

MIGRATION = "065_amounts"
_COLUMNS = ("claim_id", "part", "article_id", "written", "value", "low", "high", "currency",
            "unit", "noun", "precision", "role", "parser", "version")  # fmt: skip
_SCHEMA = pa.schema(
    [
        (name, pa.int32() if name == "part" else pa.float64())
        if name in ("part", "value", "low", "high")
        else (name, pa.string())
        for name in _COLUMNS
    ]
)
_SELECT = (
    "SELECT c.id, c.article_id, c.quantity, c.items, c.type, c.sentence FROM claims c"
    " WHERE c.quantity IS NOT NULL AND trim(c.quantity) <> ''"
)


def fill(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> int:
    """Replace the amounts of these articles' claims; returns the figures written."""
    if not article_ids:
        return 0
    ids = list(article_ids)
    con.execute("DELETE FROM amounts WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    rows = con.execute(
        _SELECT + " AND c.article_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    ).fetchall()
    return _write(con, rows)


def refresh(
    con: duckdb.DuckDBPyConnection,
    *,
    only_missing: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Read every stored claim's quantity again (``only_missing``: only claims with no
    amount row of this version); returns the figures written."""
    if only_missing:
        rows = con.execute(
            _SELECT + " AND NOT EXISTS (SELECT 1 FROM amounts a WHERE a.claim_id = c.id"
            " AND a.version = ?)",
            [VERSION],
        ).fetchall()
        con.execute(
            "DELETE FROM amounts WHERE claim_id IN (SELECT unnest(?::VARCHAR[]))",
            [[r[0] for r in rows]],
        )
    else:
        con.execute("DELETE FROM amounts")
        rows = con.execute(_SELECT).fetchall()
    return _write(con, rows, progress)


def missing(con: duckdb.DuckDBPyConnection) -> int:
    """Claims with a quantity and no amount of this version: what ``--refresh`` would do."""
    return con.execute(
        f"SELECT count(*) FROM ({_SELECT} AND NOT EXISTS (SELECT 1 FROM amounts a"  # noqa: S608
        " WHERE a.claim_id = c.id AND a.version = ?))",
        [VERSION],
    ).fetchone()[0]


def after_migrations(con: duckdb.DuckDBPyConnection, applied: list[str]) -> None:
    """Fill the amounts of the claims already stored when the table is first created."""
    if MIGRATION in applied:
        refresh(con)


def _write(
    con: duckdb.DuckDBPyConnection,
    rows: list[tuple],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    table: dict[str, list] = {name: [] for name in _COLUMNS}
    for i, (claim_id, article_id, quantity, items, type_, sentence) in enumerate(rows):
        found = normalise(quantity, items=list(items or []), type_=type_, sentence=sentence)
        for part, a in enumerate(found):
            row = {**a.as_dict(), "claim_id": claim_id, "part": part}
            row.update(article_id=article_id, version=VERSION)
            for name in _COLUMNS:
                table[name].append(row[name])
        if progress is not None and (i % 200 == 0 or i == len(rows) - 1):
            progress(i + 1, len(rows))
    written = len(table["claim_id"])
    if written:
        con.register("_amounts_new", pa.Table.from_pydict(table, schema=_SCHEMA))
        try:
            con.execute(
                f"INSERT OR REPLACE INTO amounts ({', '.join(_quoted())})"  # noqa: S608
                " SELECT * FROM _amounts_new"
            )
        finally:
            con.unregister("_amounts_new")
    return written


def _quoted() -> list[str]:
    return [f'"{name}"' for name in _COLUMNS]
