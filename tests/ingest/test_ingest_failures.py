"""Bad inputs become Failures with a code and a one-line message; the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backers.ingest import read_inputs
from backers.records import Article, Failure

GOOD = "Good story\n\nThe lighthouse keeper retired after forty years on the rock.\n"


def read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def single_failure(items) -> Failure:
    failures = [x for x in items if isinstance(x, Failure)]
    assert len(failures) == 1, items
    failure = failures[0]
    assert failure.stage == "read"
    assert "\n" not in failure.message
    return failure


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("nul.txt", b"PK\x03\x04\x00\x00\x08\x00binary\x00stuff" * 20, "binary"),
        ("ctrl.html", bytes(range(1, 8)) * 200, "binary"),
        ("noise.txt", bytes(range(128, 256)) * 3, "undecodable"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("empty.jsonl", b"\n\n", "empty"),
        (
            "nobody.html",
            b"<html><head><title>x</title></head><body><nav></nav></body></html>",
            "no-body",
        ),
    ],
)
def test_bad_file_is_a_failure_and_the_next_file_is_read(tmp_path: Path, name, data, code):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "zz-good.txt"
    good.write_text(GOOD)
    items = read(bad, good)
    failure = single_failure(items)
    assert failure.code == code
    assert failure.source == str(bad)
    assert str(bad) in failure.message
    assert isinstance(items[-1], Article) and items[-1].doc_id == "zz-good"


def test_missing_path(tmp_path: Path):
    missing = tmp_path / "nowhere.txt"
    failure = single_failure(read(missing))
    assert (failure.code, failure.source) == ("missing-path", str(missing))
    assert "no such file" in failure.message


def test_bad_json_line_names_file_and_line(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "The first record is fine."}),
        "{not json at all",
        json.dumps({"id": "c", "text": "The third record is fine too."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read(path)
    failure = single_failure(items)
    assert failure.code == "bad-json"
    assert failure.source == f"{path}:2"
    assert failure.message.startswith(f"{path}: line 2: not valid JSON")
    assert [x.doc_id for x in items if isinstance(x, Article)] == ["a", "c"]


def test_json_line_that_is_not_an_object(tmp_path: Path):
    path = tmp_path / "list.jsonl"
    path.write_text('["a", "list"]\n')
    assert single_failure(read(path)).code == "bad-json"


@pytest.mark.parametrize(
    "record", [{"id": "x", "title": "Only a title"}, {"id": "y", "text": "  "}]
)
def test_record_without_text(tmp_path: Path, record):
    path = tmp_path / "notext.jsonl"
    path.write_text(json.dumps(record) + "\n")
    failure = single_failure(read(path))
    assert failure.code == "no-text"
    assert "line 1" in failure.message


def test_document_over_the_size_limit(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 50)
    failure = single_failure(read(path, max_doc_bytes=1000))
    assert failure.code == "too-large"
    assert "1000" in failure.message


def test_jsonl_record_over_the_size_limit(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "word " * 400}) + "\n")
    failure = single_failure(read(path, max_doc_bytes=1000))
    assert (failure.code, failure.source) == ("too-large", f"{path}:1")


def test_jsonl_line_over_the_line_limit_is_skipped(tmp_path: Path):
    path = tmp_path / "long.jsonl"
    lines = [
        json.dumps({"id": "short-1", "text": "Short record."}),
        json.dumps({"id": "huge", "text": "x" * 50_000}),
        json.dumps({"id": "short-2", "text": "Another short record."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read(path, max_line_bytes=10_000)
    failure = single_failure(items)
    assert (failure.code, failure.source) == ("too-large", f"{path}:2")
    assert "line 2" in failure.message
    assert [x.doc_id for x in items if isinstance(x, Article)] == ["short-1", "short-2"]


def test_corrupt_gzip_is_a_failure(tmp_path: Path):
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate")
    failure = single_failure(read(path))
    assert failure.source == str(path)


def test_file_of_records_without_text_is_one_failure(tmp_path: Path):
    path = tmp_path / "manifest.jsonl"
    path.write_text("".join(json.dumps({"file": f"p{i}.html"}) + "\n" for i in range(30)))
    failure = single_failure(read(path))
    assert (failure.code, failure.source) == ("no-text", str(path))
    assert "not a file of articles" in failure.message


def test_a_few_records_without_text_are_reported_in_order(tmp_path: Path):
    path = tmp_path / "some.jsonl"
    lines = [{"id": "n1"}, {"id": "n2"}, {"id": "ok", "text": "The tide came in."}, {"id": "n4"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    items = read(path)
    assert [(type(x).__name__, x.source) for x in items] == [
        ("Failure", f"{path}:1"),
        ("Failure", f"{path}:2"),
        ("Article", f"{path}:3"),
        ("Failure", f"{path}:4"),
    ]
