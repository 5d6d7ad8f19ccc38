"""Cutting the inputs of a run into partitions of about equal work.

A worker's time follows the words it reads, not the bytes of its input: an HTML page is
weighed by the text left once its tags, scripts and styles are stripped (a page of
markup around three paragraphs weighs three paragraphs); a plain JSONL file, whose bytes
are nearly all text, by its bytes.

Folders are listed the way the readers list them (sorted, hidden files skipped), so the
partitions taken in order hold the documents in the local engine's order. A plain JSONL
file larger than a partition is cut into byte ranges at line ends; the one sequential scan
that finds the cuts also counts lines, so each range knows the number of its first line.
Gzipped files cannot be entered in the middle and stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from backers.batch.partition import InputRef
from backers.errors import BackersError

CHUNK = 1 << 20
MIN_PARTITION_BYTES = 16 * 1024
MAX_PARTITION_BYTES = 32 * 1024 * 1024
PARTITIONS_PER_WORKER = 8
MAX_WEIGHED_BYTES = 8 * 1024 * 1024  # a larger page is weighed by its bytes, not read here
_MARKUP = re.compile(
    rb"<(script|style|noscript|svg|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I
)


class PlanError(BackersError):
    """The inputs cannot be split for a cluster run."""

    code = "plan"


@dataclass(frozen=True)
class _File:
    arg: str  # the path as the readers will be given it
    size: int
    sliceable: bool
    weight: int  # about the bytes of text a worker will read (``text_weight``)


def _files(paths: Sequence[str]) -> Iterator[_File]:
    from backers.ingest.identity import HTML_EXTS, JSONL_EXTS, split_ext
    from backers.ingest.readers import iter_files

    for arg in paths:
        if arg == "-":
            raise PlanError(
                "standard input cannot be shared out to workers; save it to a file, "
                "or use --engine local"
            )
        path = Path(arg)
        found = iter_files(path) if path.is_dir() else [path]
        for file in found:
            name = str(file) if file is not path else arg
            try:
                size = file.stat().st_size if file.is_file() else 0
            except OSError:
                size = 0
            _, ext, gz = split_ext(file)
            weight = text_weight(file, size) if ext in HTML_EXTS and not gz else size
            yield _File(name, size, ext in JSONL_EXTS and not gz and file.is_file(), weight)


def text_weight(path: Path, size: int) -> int:
    """About how many bytes of text an HTML page holds: its bytes with tags, scripts,
    styles and comments stripped and runs of whitespace collapsed (``size`` where the page
    cannot be read here or is over ``MAX_WEIGHED_BYTES``)."""
    if size > MAX_WEIGHED_BYTES:
        return size
    try:
        data = path.read_bytes()
    except OSError:
        return size
    return len(b" ".join(_MARKUP.sub(b" ", data).split()))


def partition_bytes(total: int, workers: int) -> int:
    """A partition size giving each worker several partitions (for balance), within bounds
    that keep the per-task overhead small and a worker's memory modest."""
    wanted = total // max(1, workers * PARTITIONS_PER_WORKER) + 1
    return max(MIN_PARTITION_BYTES, min(MAX_PARTITION_BYTES, wanted))


def plan_partitions(
    paths: Sequence[str], *, workers: int = 1, target_bytes: int | None = None
) -> list[list[InputRef]]:
    """The inputs under ``paths`` as partitions (lists of references) of about
    ``target_bytes`` of text each (default: see :func:`partition_bytes`), in input order."""
    files = list(_files(paths))
    target = target_bytes or partition_bytes(sum(f.weight for f in files), workers)
    partitions: list[list[InputRef]] = []
    current: list[InputRef] = []
    filled = 0
    for file in files:
        refs = (
            list(_slices(file.arg, file.size, target))
            if file.sliceable and file.size > target
            else [InputRef(file.arg)]
        )
        for ref in refs:
            size = ref.size() if ref.is_slice else file.weight
            if current and filled + size > target:
                partitions.append(current)
                current, filled = [], 0
            current.append(ref)
            filled += size
    if current:
        partitions.append(current)
    return partitions


def _slices(path: str, size: int, target: int) -> Iterator[InputRef]:
    """Byte ranges of about ``target`` bytes, each starting at a line start."""
    from backers.ingest.decode import looks_binary

    with open(path, "rb") as fh:
        if looks_binary(fh.read(8192)):
            # Let the reader report the whole file once, as the local engine does.
            yield InputRef(path)
            return
        fh.seek(0)
        cuts = [(0, 1)]  # (byte offset, number of the line starting there)
        pos = 0
        lines = 0  # line ends before ``pos``
        next_cut = target
        while chunk := fh.read(CHUNK):
            while next_cut < pos + len(chunk):
                nl = chunk.find(b"\n", max(0, next_cut - pos))
                if nl < 0:
                    break
                cut = pos + nl + 1
                cuts.append((cut, lines + chunk.count(b"\n", 0, nl + 1) + 1))
                next_cut = cut + target
            lines += chunk.count(b"\n")
            pos += len(chunk)
    cuts = [c for c in cuts if c[0] < size]
    for i, (start, line) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else size
        yield InputRef(path, start, end, line)
