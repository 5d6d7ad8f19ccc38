"""JSON Lines are streamed: a huge file is never read whole, a huge line never held whole."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

from backers.ingest import read_inputs
from backers.ingest.readers import CHUNK, Limits, iter_lines, read_jsonl


def write_many(path: Path, count: int) -> int:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(count):
            fh.write(json.dumps({"id": f"r{i}", "text": f"Record {i} says the bridge is open."}))
            fh.write("\n")
    return path.stat().st_size


def test_first_record_comes_before_the_file_is_read(tmp_path: Path):
    path = tmp_path / "many.jsonl"
    size = write_many(path, 60_000)
    limits = Limits(max_doc_bytes=1 << 20, max_line_bytes=1 << 20, as_of=None)
    with open(path, "rb") as fh:
        records = read_jsonl(fh, str(path), path, limits, None)
        first = next(records)
        assert first.doc_id == "r0"
        assert fh.tell() < size // 20


def test_read_inputs_is_lazy(tmp_path: Path):
    path = tmp_path / "many.jsonl"
    write_many(path, 60_000)
    items = read_inputs([str(path)])
    assert next(items).doc_id == "r0"
    assert next(items).doc_id == "r1"


class Recording(io.BytesIO):
    """Remembers the largest read a reader asked for."""

    largest = 0

    def readline(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("unbounded readline")
        self.largest = max(self.largest, size)
        return super().readline(size)


def test_line_reads_are_bounded():
    data = b"short\n" + b"x" * 5_000_000 + b"\nshort again\n"
    stream = Recording(data)
    lines = list(iter_lines(stream, max_line=1000))
    assert lines == [(1, b"short\n"), (2, None), (3, b"short again\n")]
    assert stream.largest <= max(1001, CHUNK)


def test_giant_line_is_not_held_in_memory(tmp_path: Path):
    path = tmp_path / "giant.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"id": "a", "text": "' + b"y" * 40_000_000 + b'"}\n')
        fh.write(json.dumps({"id": "b", "text": "After the giant."}).encode() + b"\n")
    tracemalloc.start()
    items = list(read_inputs([str(path)], max_line_bytes=100_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [getattr(x, "code", None) for x in items] == ["too-large", None]
    assert items[1].doc_id == "b"
    assert peak < 10_000_000
