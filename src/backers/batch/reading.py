"""Turning input references into articles, with the readers of ``backers.ingest``.

A whole file goes through ``read_path`` exactly as the local engine reads it. A JSONL byte
range is read line by line with the same per-record code and the same line numbering
(offset by the slice's first line), so an article read from a slice is identical to the one
the local engine reads from the whole file: same ``source``, ``doc_id`` and ``id``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from backers import settings
from backers.batch.partition import InputRef
from backers.records import Article, Failure

if TYPE_CHECKING:
    from backers.ingest.readers import Limits


def limits(
    as_of: dt.date | None, max_doc_bytes: int | None = None, max_line_bytes: int | None = None
) -> Limits:
    """The readers' limits; resolved once in the client, so every worker uses the same."""
    from backers.ingest.readers import Limits

    return Limits(
        max_doc_bytes=max_doc_bytes or settings.as_int(settings.MAX_DOC_BYTES),
        max_line_bytes=max_line_bytes or settings.as_int(settings.MAX_LINE_BYTES),
        as_of=as_of,
    )


def read_ref(
    ref: InputRef, *, as_of: dt.date | None, lim: Limits | None = None
) -> Iterator[Article | Failure]:
    """The articles and failures one reference holds, in input order."""
    from backers.ingest.readers import read_path

    lim = lim or limits(as_of)
    if not ref.is_slice:
        yield from read_path(ref.path, lim)
        return
    yield from _read_slice(ref, lim)


class _Bounded:
    """A binary stream that ends at byte ``end`` of the file."""

    def __init__(self, fh, end: int) -> None:
        self._fh = fh
        self._end = end

    def readline(self, size: int = -1) -> bytes:
        left = self._end - self._fh.tell()
        if left <= 0:
            return b""
        size = left if size < 0 else min(size, left)
        return self._fh.readline(size)


def _read_slice(ref: InputRef, lim: Limits) -> Iterator[Article | Failure]:
    """The records of ``[ref.start, ref.end)`` of a plain JSONL file (see ``read_jsonl``)."""
    from pathlib import Path

    from backers.errors import InputError, TooLarge
    from backers.ingest.dates import file_date
    from backers.ingest.readers import _record, iter_lines

    path = Path(ref.path)
    source = str(path)
    offset = ref.first_line - 1
    try:
        mtime = file_date(path.stat().st_mtime)
        with open(path, "rb") as fh:
            fh.seek(ref.start or 0)
            for rel_no, line in iter_lines(_Bounded(fh, ref.end or 0), lim.max_line_bytes):
                line_no = rel_no + offset
                where = f"{source}:{line_no}"
                if line is None:
                    err = TooLarge(
                        f"line {line_no}: longer than the limit of {lim.max_line_bytes} bytes"
                        " (BACKERS_MAX_LINE_BYTES); skipped",
                        source,
                    )
                    yield Failure(where, "read", err.code, str(err))
                    continue
                if not line.strip():
                    continue
                try:
                    yield _record(line, line_no, source, path, lim, mtime)
                except InputError as err:
                    yield Failure(where, "read", err.code, str(err))
                except Exception as exc:  # noqa: BLE001 - a bug must not stop a batch
                    yield Failure(
                        where, "read", "internal", f"{where}: {type(exc).__name__}: {exc}"
                    )
    except OSError as exc:
        err = InputError(f"cannot read: {exc}", source)
        yield Failure(source, "read", err.code, str(err))
