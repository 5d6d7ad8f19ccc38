"""Partitions cover every input exactly once, in order, and a JSONL slice reads like the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from backers.batch import InputRef, plan_partitions
from backers.batch.plan import PlanError, partition_bytes
from backers.batch.reading import read_ref
from backers.ingest import read_inputs

from .batch_inputs import write_inputs


def _flat(partitions: list[list[InputRef]]) -> list[InputRef]:
    return [ref for part in partitions for ref in part]


@pytest.mark.parametrize("target", [1, 200, 700, 10_000_000])
def test_slices_tile_the_file(tmp_path: Path, target: int) -> None:
    feed, _ = write_inputs(tmp_path)
    refs = [r for r in _flat(plan_partitions([feed], target_bytes=target)) if r.path == feed]
    size = Path(feed).stat().st_size
    if len(refs) == 1 and not refs[0].is_slice:
        assert size <= target
        return
    assert refs[0].start == 0 and refs[0].first_line == 1
    assert refs[-1].end == size
    for before, after in zip(refs, refs[1:], strict=False):
        assert before.end == after.start
    lines = Path(feed).read_bytes().split(b"\n")
    offsets = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    for ref in refs:
        assert offsets[ref.first_line - 1] == ref.start


@pytest.mark.parametrize("target", [1, 300])
def test_slices_read_like_the_whole_file(tmp_path: Path, target: int) -> None:
    paths = write_inputs(tmp_path)
    whole = list(read_inputs(paths))
    refs = _flat(plan_partitions(paths, target_bytes=target))
    assert len(refs) > 2
    sliced = [item for ref in refs for item in read_ref(ref, as_of=None)]
    assert sliced == whole


def test_folders_are_listed_like_the_readers(tmp_path: Path) -> None:
    write_inputs(tmp_path)
    refs = _flat(plan_partitions([str(tmp_path)], target_bytes=10_000_000))
    assert [Path(r.path).name for r in refs] == ["feed.jsonl", "training.txt"]


def test_missing_path_is_kept_for_the_reader_to_report(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.jsonl")
    (ref,) = _flat(plan_partitions([missing]))
    (failure,) = list(read_ref(ref, as_of=None))
    assert failure.code == "missing-path"


def test_standard_input_cannot_be_shared_out() -> None:
    with pytest.raises(PlanError, match="standard input"):
        plan_partitions(["-"])


def test_partition_size_gives_each_worker_several() -> None:
    assert partition_bytes(80_000_000, 2) == 80_000_000 // 16 + 1
    assert partition_bytes(1_000, 2) == 16 * 1024  # floor
    assert partition_bytes(10**12, 2) == 32 * 1024 * 1024  # ceiling


def test_html_pages_are_weighed_by_their_text_not_their_markup(tmp_path: Path) -> None:
    """Three pages of the same text, one wrapped in 40 KB of scripts and styles: by bytes
    it would fill a partition alone; by its text it is as heavy as the others."""
    text = "<p>" + "Germany pledged air defence systems to Ukraine. " * 40 + "</p>"
    script = "<script>var x = 1;" + "x += 1;" * 5000 + "</script><style>p{}</style>"
    (tmp_path / "a.html").write_text(f"<html><body>{text}</body></html>")
    (tmp_path / "b.html").write_text(f"<html><head>{script}</head><body>{text}</body></html>")
    (tmp_path / "c.html").write_text(f"<html><body>{text}</body></html>")
    (tmp_path / "d.html").write_text(f"<html><body>{text}</body></html>")
    target = 2 * len(text) + 100  # two pages' text
    parts = plan_partitions([str(tmp_path)], target_bytes=target)
    assert [[Path(r.path).name for r in p] for p in parts] == [
        ["a.html", "b.html"],
        ["c.html", "d.html"],
    ]
