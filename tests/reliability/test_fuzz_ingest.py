"""Property tests of the readers and the cleaner: whatever the bytes, the readers yield a
clear Failure or an Article whose sections tile its text, and every Article can be stored.

Inputs: arbitrary bytes under every extension (and gzipped, and truncated gzip), text in
assorted encodings, malformed and deeply nested HTML, JSON Lines with broken, huge, nested
and escape-laden lines (NUL, lone surrogates, control characters), standard input, and
text full of right-to-left marks, zero-width characters and odd line separators.

``test_*_fast`` run in the default suite with a few examples each; ``test_*_long`` are
marked ``fuzz`` and each runs for ``BACKERS_FUZZ_SECONDS`` (``make fuzz``).
"""

from __future__ import annotations

import gzip
import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backers.ingest import clean_text, read_inputs
from backers.ingest.cleaner import fix_text
from backers.records import Article, Failure
from backers.store import Store

from .helpers import TALLY, check_item, check_sections, fuzz_seconds, run_for

# Small limits, so that the over-the-limit paths are reached by small inputs.
MAX_DOC = 4096
MAX_LINE = 2048

# -- strategies ----------------------------------------------------------------------------

ODD = [
    "\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\r", "\r\n", "\n\n", "\t",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, soft hyphen
    "\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200f", "\u061c",  # bidi controls
    "\u2028", "\u2029", "\ufffd", "\ufffe", "\uffff", "\U0001f600", "e\u0301",
    "<", ">", "&", '"', "'", "\\", "<script>alert(1)</script>", "javascript:alert(1)",
    "=cmd|' /C calc'!A0", "' OR 1=1 --",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",  # Hebrew, Arabic
    "Ã©", "â€™", "Â ", "Ð°",  # mojibake
    "Share 12 Tweet", "Advertisement", "Comments", "Reply", "4 days ago", "By Jane Doe",
    "https://example.org/a.jpg", "Officials said Atlantis delivered drones to Utopia.",
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "koi8-r",
             "shift_jis", "gb18030", "cp1256", "iso-8859-8", "mac_roman"]  # fmt: skip
EXTS = [".txt", ".html", ".htm", ".jsonl", ".ndjson", ".txt.gz", ".jsonl.gz", ".bin", ""]

hostile_text = st.lists(st.one_of(st.sampled_from(ODD), st.text(max_size=30)), max_size=40).map(
    "".join
)
prose_text = st.lists(
    st.one_of(st.sampled_from(ODD), st.text(min_size=1, max_size=80)), min_size=1, max_size=30
).map(lambda parts: "\n".join(parts))


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    text = draw(prose_text)
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors=draw(st.sampled_from(["replace", "ignore"])))


TAGS = ["div", "p", "article", "main", "span", "b", "table", "tr", "td", "ul", "li", "h1",
        "script", "style", "iframe", "svg", "math", "template", "noscript", "a", "img"]  # fmt: skip


def markup() -> st.SearchStrategy[str]:
    """Well- and ill-formed HTML: unclosed and stray tags, comments, entities, scripts."""
    leaf = st.one_of(
        hostile_text,
        st.sampled_from(
            [
                "<!--",
                "-->",
                "<![CDATA[",
                "]]>",
                "&amp;",
                "&#0;",
                "&#x110000;",
                "&nbsp",
                "</p>",
                "<p",
                "<br/>",
                '<a href="javascript:alert(1)">x</a>',
                '<img src=x onerror="alert(1)">',
                "<?xml version='1.0'?>",
                "<!DOCTYPE html>",
                "<meta charset=koi8-r>",
                '<meta http-equiv="refresh" content="0;url=javascript:1">',
            ]
        ),  # fmt: skip
    )

    def wrap(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
        return st.tuples(st.sampled_from(TAGS), children, st.booleans()).map(
            lambda t: f"<{t[0]}>{''.join(t[1])}" + (f"</{t[0]}>" if t[2] else "")
        )

    def nest(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return wrap(st.lists(inner, max_size=5))

    return st.recursive(leaf, nest, max_leaves=40)


@st.composite
def html_page(draw: st.DrawFn) -> bytes:
    body = draw(markup())
    depth = draw(st.sampled_from([0, 0, 10, 300, 3000]))
    tag = draw(st.sampled_from(TAGS))
    nested = f"<{tag}>" * depth + body + f"</{tag}>" * draw(st.integers(0, depth))
    page = f"<html><head><title>{draw(hostile_text)}</title></head><body>{nested}</body></html>"
    prose = draw(st.sampled_from(["", "<p>" + "Officials said Atlantis sent drones. " * 12]))
    page = page.replace("<body>", "<body>" + prose, 1)
    return page.encode(draw(st.sampled_from(["utf-8", "latin-1", "utf-16"])), errors="replace")


def json_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    json_containers,
    max_leaves=20,
)
FIELDS = ["id", "title", "url", "outlet", "published", "text", "html", "author", "retrieved"]


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["record", "record", "record", "broken", "value", "huge",
                                 "deep", "escapes", "blank", "binary"]))  # fmt: skip
    if kind in ("record", "broken", "huge"):
        record: dict[str, Any] = {
            name: draw(json_values | prose_text)
            for name in draw(st.lists(st.sampled_from(FIELDS), unique=True))
        }
        if draw(st.booleans()):
            record["text"] = draw(prose_text)
        if kind == "huge":
            record["text"] = "Officials said Atlantis sent drones. " * draw(st.integers(50, 150))
        line = json.dumps(record, ensure_ascii=draw(st.booleans()), allow_nan=True)
        if kind == "broken":
            line = line[: draw(st.integers(0, max(len(line) - 1, 0)))]
        return line.encode("utf-8", "surrogatepass")
    if kind == "value":
        return json.dumps(draw(json_values)).encode("utf-8", "surrogatepass")
    if kind == "deep":
        n = draw(st.sampled_from([50, 900, 5000, 100_000]))
        return b'{"text": "Atlantis sent drones.", "x": ' + b"[" * n + b"]" * n + b"}"
    if kind == "escapes":
        escape = draw(st.sampled_from(["\\u0000", "\\ud800", "\\udfff", "\\u001b", "\\u202e",
                                       "\\ufffe", "\\ud83d\\ude00", "\\\\u0000"]))  # fmt: skip
        return (
            f'{{"id": "e{escape}", "title": "t{escape}", "text": "Atlantis{escape} sent drones."}}'
        ).encode()
    if kind == "blank":
        return draw(st.sampled_from([b"", b"   ", b"\t"]))
    return draw(st.binary(max_size=64))


jsonl_file = st.lists(jsonl_line(), min_size=0, max_size=8).map(
    lambda lines: b"\n".join(lines) + (b"\n" if lines else b"")
)


# -- properties ----------------------------------------------------------------------------

_STORE: list[Store] = []


def store_items(items: list[Article | Failure]) -> None:
    """Every item can be stored, and a stored article reads back whole."""
    if not _STORE:
        _STORE.append(Store(":memory:"))
    store = _STORE[0]
    articles = [x for x in items if isinstance(x, Article)]
    failures = [x for x in items if isinstance(x, Failure)]
    store.write_batch(articles, failures=failures)
    with store.read() as con:
        for art in articles:
            text, sections = con.execute(
                "SELECT text, sections FROM documents WHERE id = ?", [art.id]
            ).fetchone()
            assert text == art.text
            check_sections(text, json.loads(sections))


def read_file_bytes(tmp: Path, data: bytes, ext: str) -> list[Article | Failure]:
    path = tmp / f"input{ext}"
    if ext.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    items = list(read_inputs([str(path)], max_doc_bytes=MAX_DOC, max_line_bytes=MAX_LINE))
    assert items, "nothing read and nothing reported"
    for item in items:
        check_item(item)
    store_items(items)
    return items


def prop_bytes(tmp: Path, case: tuple[bytes, str]) -> None:
    read_file_bytes(tmp, *case)


def prop_encoded(tmp: Path, case: tuple[bytes, str]) -> None:
    read_file_bytes(tmp, *case)


def prop_html(tmp: Path, data: bytes) -> None:
    read_file_bytes(tmp, data, ".html")


def prop_jsonl(tmp: Path, case: tuple[bytes, str]) -> None:
    data, ext = case
    items = read_file_bytes(tmp, data, ext)
    lines = data.split(b"\n")
    # One item per non-blank line at most (a manifest may fold them into one failure).
    assert len(items) <= max(1, sum(1 for ln in lines if ln.strip()))
    for item in items:
        if isinstance(item, Failure) and item.code == "too-large":
            assert "BACKERS_MAX" in item.message


def prop_truncated_gzip(tmp: Path, case: tuple[bytes, int]) -> None:
    data, cut = case
    packed = gzip.compress(data)
    for ext in (".txt.gz", ".jsonl.gz"):
        path = tmp / f"cut{ext}"
        path.write_bytes(packed[: max(0, len(packed) - cut)])
        items = list(read_inputs([str(path)], max_doc_bytes=MAX_DOC, max_line_bytes=MAX_LINE))
        assert items
        for item in items:
            check_item(item)
        store_items(items)


def prop_stdin(tmp: Path, data: bytes) -> None:  # noqa: ARG001
    items = list(
        read_inputs(["-"], stdin=io.BytesIO(data), max_doc_bytes=MAX_DOC, max_line_bytes=MAX_LINE)
    )
    assert items
    for item in items:
        check_item(item)
    store_items(items)


def prop_cleaner(tmp: Path, case: tuple[str, str | None]) -> None:  # noqa: ARG001
    raw, title = case
    result = clean_text(raw, title=title)
    assert result.text == fix_text(raw)[0]  # the cleaner labels; it does not delete
    check_sections(result.text, result.sections)
    result.text.encode("utf-8")


# Pieces that regular expressions may backtrack over, repeated into long runs.
RUNS = [" ", "\t", "\u00a0", "a", ".", "*_", "[", "](", "http://", "/", "By ", "Jane ",
        "4 days ago ", "Share ", "\u2026", "[+", "1", " chars]", "#", "-30-", "\u2028",
        "\n"]  # fmt: skip
long_runs = st.lists(
    st.tuples(st.sampled_from(RUNS), st.integers(1, 20_000)), min_size=1, max_size=6
).map(lambda runs: "".join(piece * count for piece, count in runs)[:120_000])


def prop_cleaner_speed(tmp: Path, raw: str) -> None:  # noqa: ARG001
    started = time.monotonic()
    result = clean_text(raw)
    elapsed = time.monotonic() - started
    check_sections(result.text, result.sections)
    assert elapsed < 10, f"{elapsed:.1f}s to clean {len(raw)} characters"


CASES: dict[str, tuple[st.SearchStrategy, Callable[[Path, Any], None], int]] = {
    # name: (strategy, property, examples in the fast run)
    "bytes": (st.tuples(st.binary(max_size=6000), st.sampled_from(EXTS)), prop_bytes, 40),
    "encodings": (st.tuples(encoded(), st.sampled_from([".txt", ".bin", ""])), prop_encoded, 30),
    "html": (html_page(), prop_html, 12),
    "jsonl": (st.tuples(jsonl_file, st.sampled_from([".jsonl", ".jsonl.gz", ""])), prop_jsonl, 40),
    "gzip-cut": (
        st.tuples(prose_text.map(str.encode), st.integers(1, 40)), prop_truncated_gzip, 15
    ),
    "stdin": (st.one_of(st.binary(max_size=3000), jsonl_file, html_page()), prop_stdin, 25),
    "cleaner": (st.tuples(prose_text, st.none() | hostile_text), prop_cleaner, 60),
    "cleaner-speed": (long_runs, prop_cleaner_speed, 15),
}  # fmt: skip


def run_case(name: str, tmp: Path, examples: int) -> None:
    strategy, prop, _ = CASES[name]

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(strategy)
    def check(case: Any) -> None:
        TALLY[f"fuzz {name}"] += 1
        prop(tmp, case)

    check()


@pytest.mark.parametrize("name", list(CASES))
def test_readers_fast(name: str, tmp_path: Path) -> None:
    run_case(name, tmp_path, CASES[name][2])


@pytest.mark.fuzz
@pytest.mark.parametrize("name", list(CASES))
def test_readers_long(name: str, tmp_path: Path) -> None:
    run_for(fuzz_seconds(), lambda: run_case(name, tmp_path, 500))


# Inputs the fuzzers found, kept as regression tests: (file name, bytes, expected code or
# None for a stored article).
FOUND = [
    # JSON escapes for a lone surrogate made the store write raise (the batch was lost).
    ("sur.jsonl", b'{"id": "a", "text": "Atlantis sent \\ud800 arms.", "x": "\\udfff"}', None),
    ("sur-title.jsonl", b'{"id": "b", "text": "Atlantis sent arms.", "title": "\\ud800"}', None),
    # A NUL escape reached the text (and XML exports) although NUL bytes are refused.
    ("nul.jsonl", b'{"id": "c", "text": "Atlantis sent \\u0000 drones.", "u": "\\u001b"}', None),
    # An integer of 5000 digits and JSON nested 100000 deep were 'internal' failures.
    ("digits.jsonl", b'{"text": "Atlantis sent drones.", "n": ' + b"9" * 5000 + b"}", "bad-json"),
    ("deep.jsonl", b'{"text": "x", "n": ' + b"[" * 100000 + b"]" * 100000 + b"}", "bad-json"),
    # Only a line separator (invisible) was stored as an article without text.
    ("separator.txt", "\u2028".encode(), "empty"),
    ("zero-width.txt", "\u200b\u202e\ufeff \u3000".encode(), "empty"),
    # Mojibake that repairs to a lone no-break space was stored as an article.
    ("nbsp.txt", "\u00c2\u00a0".encode(), "empty"),
    ("invisible.jsonl", b'{"text": "\\u200b\\u2028 "}\n', "no-text"),
]  # fmt: skip


def test_long_run_of_spaces_is_cleaned_in_linear_time() -> None:
    """The truncation-mark patterns start with \\s*: searched over a whole body, a long
    run of spaces took quadratic time (200,000 spaces: hours)."""
    started = time.monotonic()
    clean_text("Atlantis sent boats." + " " * 200_000 + "x")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(("name", "data", "code"), FOUND, ids=[f[0] for f in FOUND])
def test_inputs_the_fuzzers_found(tmp_path: Path, name: str, data: bytes, code: str | None):
    path = tmp_path / name
    path.write_bytes(data)
    items = list(read_inputs([str(path)]))
    assert len(items) == 1
    for item in items:
        check_item(item)
    store_items(items)
    if code is None:
        assert isinstance(items[0], Article), items[0]
        assert "\ufffd" in items[0].text or "\ufffd" in (items[0].title or "")
    else:
        assert isinstance(items[0], Failure) and items[0].code == code, items[0]
