"""The ingest stage: read files, folders, JSON Lines, gzip and standard input into cleaned
:class:`~backers.records.Article` records (or :class:`~backers.records.Failure` for inputs
that cannot be read), with scraped noise labelled rather than lost.

Public interface: :func:`read_inputs`, :func:`count_inputs`, :func:`clean_text`.
"""

from __future__ import annotations

import datetime as dt
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from backers import settings
from backers.ingest.cleaner import CleanResult, clean_text
from backers.ingest.identity import JSONL_EXTS, split_ext
from backers.ingest.readers import Limits, count_lines, iter_files, read_path, read_stdin
from backers.records import Article, Failure

__all__ = ["CleanResult", "clean_text", "count_inputs", "read_inputs"]


def read_inputs(
    paths: Sequence[str],
    *,
    as_of: dt.date | None = None,
    max_doc_bytes: int | None = None,
    max_line_bytes: int | None = None,
    stdin: BinaryIO | None = None,
    language: bool = True,
) -> Iterator[Article | Failure]:
    """An Article per document in ``paths`` (files, folders, ``-`` for standard input), or
    a Failure for each one that cannot be read. Never raises for bad input: a batch goes on.

    ``as_of`` is the day relative dates ("4 days ago") count from; without it a JSONL
    record's retrieval date or the file's modification day is used. A date resolved that
    way is stored as an ISO day with ``published_precision="relative"`` (the day is only as
    good as its base, named in ``meta["date_base_source"]``); dates from metadata or a
    written-out date line have precision ``day`` (or ``month``/``year``).

    ``language`` False leaves language detection to the caller (the local engine has its
    workers do it: ``PartitionOptions.detect_language``).
    """
    limits = Limits(
        max_doc_bytes=max_doc_bytes or settings.as_int(settings.MAX_DOC_BYTES),
        max_line_bytes=max_line_bytes or settings.as_int(settings.MAX_LINE_BYTES),
        as_of=as_of,
        language=language,
    )
    for arg in paths:
        if arg == "-":
            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, limits)
        else:
            yield from read_path(arg, limits)


def count_inputs(paths: Sequence[str]) -> int | None:
    """A cheap estimate of how many documents ``paths`` hold, for a progress bar: JSONL
    lines are counted by scanning bytes, not parsed. None when unknown (standard input)."""
    total = 0
    for arg in paths:
        if arg == "-":
            return None
        path = Path(arg)
        files = iter_files(path) if path.is_dir() else [path]
        for file in files:
            if split_ext(file)[1] in JSONL_EXTS and file.is_file():
                try:
                    total += count_lines(file)
                except (OSError, EOFError, zlib.error):
                    total += 1  # the reader will report it as one failure
            else:
                total += 1
    return total
