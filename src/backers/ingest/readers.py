"""Readers: files, folders, gzip and standard input to :class:`Article` or :class:`Failure`.

Everything streams: folders are walked lazily, JSON Lines are read one bounded line at a
time (a line over the limit is skipped in chunks, never held whole), and a single text or
HTML document is read only up to the size limit. A bad input becomes a ``Failure`` and the
next input is read.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from backers.errors import (
    BadJSON,
    BinaryInput,
    EmptyInput,
    InputError,
    MissingPath,
    NoText,
    TooLarge,
)
from backers.ingest.cleaner import clean_text, fix_text, scrub
from backers.ingest.dates import file_date, normalise_date, stated_date
from backers.ingest.decode import decode_bytes, has_text, looks_binary
from backers.ingest.html import extract_html
from backers.ingest.identity import (
    HTML_EXTS,
    JSONL_EXTS,
    KNOWN_EXTS,
    TEXT_EXTS,
    file_doc_id,
    raw_hash,
    record_doc_id,
    split_ext,
)
from backers.ingest.language import tag as tag_language
from backers.records import BODY, CAPTION, COMMENTS, Article, Failure, Section

STDIN = "<stdin>"
# A JSONL file whose first records all lack text is not a file of articles (a manifest):
# after this many, one failure for the file replaces one per line.
NOT_ARTICLES_AFTER = 5
CHUNK = 1 << 20
SNIFF = 1 << 16
# JSONL fields read into Article fields; everything else goes to Article.meta.
RECORD_FIELDS = ("id", "title", "url", "outlet", "published", "text", "html", "author")
# Fields that may hold the day a record was fetched (the base for "4 days ago").
RETRIEVED_FIELDS = (
    "retrieved",
    "retrieved_at",
    "retrieval_date",
    "date_retrieved",
    "crawl_date",
    "crawled",
    "crawled_at",
    "scraped_at",
    "fetched",
    "fetched_at",
    "downloaded_at",
)
_MARKUP = re.compile(rb"^\s*<(?:!doctype\s+html|html|head|body|meta|article|div|p|\?xml)\b", re.I)


@dataclass(frozen=True)
class Limits:
    max_doc_bytes: int
    max_line_bytes: int
    as_of: dt.date | None
    # False: leave language detection to whoever extracts (the local engine's workers,
    # ``backers.batch.process``), so the one reading process does not pay for it.
    language: bool = True


def iter_files(folder: Path) -> Iterator[Path]:
    """Files of known formats under ``folder``, recursively, in sorted order; hidden
    files and folders are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and split_ext(path)[1] in KNOWN_EXTS:
                yield path


def read_path(arg: str, limits: Limits) -> Iterator[Article | Failure]:
    """Everything one command-line argument (file or folder) holds."""
    path = Path(arg)
    if not path.exists():
        err = MissingPath("no such file or folder", arg)
        yield Failure(arg, "read", err.code, str(err))
    elif path.is_dir():
        for file in iter_files(path):
            yield from read_file(file, limits)
    else:
        yield from read_file(path, limits)


def read_file(path: Path, limits: Limits) -> Iterator[Article | Failure]:
    """One file; JSON Lines give one item per record."""
    source = str(path)
    _, ext, gz = split_ext(path)
    try:
        mtime = file_date(path.stat().st_mtime)
        with _open(path, gz) as stream:
            if ext in JSONL_EXTS or (ext not in KNOWN_EXTS and _starts_with_brace(stream)):
                yield from read_jsonl(stream, source, path, limits, mtime)
                return
            if not gz and path.stat().st_size > limits.max_doc_bytes:
                raise _too_large(path.stat().st_size, limits, source)
            data = _read_bounded(stream, limits, source)
        kind = {**dict.fromkeys(HTML_EXTS, "html"), **dict.fromkeys(TEXT_EXTS, "text")}.get(ext)
        yield _document(data, source, file_doc_id(path), limits, mtime, "mtime", kind)
    except InputError as err:
        yield _failure(source, err)
    except (OSError, EOFError, zlib.error) as exc:
        err = InputError(f"cannot read: {exc}", source)
        yield _failure(source, err)
    except Exception as exc:  # a bug must not stop a batch: record it and go on
        yield Failure(source, "read", "internal", f"{source}: {type(exc).__name__}: {exc}")


def read_stdin(stream: BinaryIO, limits: Limits) -> Iterator[Article | Failure]:
    """Standard input: JSON Lines if it starts with ``{``, HTML if it looks like markup,
    else plain text (gzip is recognised by its magic bytes)."""
    try:
        head = stream.read(SNIFF)
        if head[:2] == b"\x1f\x8b":
            stream = gzip.GzipFile(fileobj=io.BufferedReader(_Prefixed(head, stream)))
            head = stream.read(SNIFF)
        joined = io.BufferedReader(_Prefixed(head, stream))
        if head.lstrip()[:1] == b"{":
            yield from read_jsonl(joined, STDIN, None, limits, None)
            return
        data = _read_bounded(joined, limits, STDIN)
        yield _document(data, STDIN, "stdin", limits, None, None, None)
    except InputError as err:
        yield _failure(STDIN, err)
    except (OSError, EOFError, zlib.error) as exc:
        yield _failure(STDIN, InputError(f"cannot read: {exc}", STDIN))
    except Exception as exc:  # a bug must not stop a batch: record it and go on
        yield Failure(STDIN, "read", "internal", f"{STDIN}: {type(exc).__name__}: {exc}")


def read_jsonl(
    stream: BinaryIO,
    source: str,
    path: Path | None,
    limits: Limits,
    mtime: dt.date | None,
) -> Iterator[Article | Failure]:
    """Records of a JSON Lines stream, one bounded line at a time."""
    head = stream.peek(8192)[:8192] if hasattr(stream, "peek") else b""
    if head and looks_binary(head):
        yield _failure(
            source, BinaryInput("binary content (NUL or control bytes), not JSONL", source)
        )
        return
    seen = False
    textless = 0  # records without text since the start (-1 once any other line came)
    held: list[Failure] = []  # their failures, reported unless the whole file is like that
    for line_no, line in iter_lines(stream, limits.max_line_bytes):
        where = f"{source}:{line_no}"
        if line is not None and not line.strip():
            continue
        seen = True
        item: Article | Failure
        if line is None:
            message = (
                f"line {line_no}: longer than the limit of {limits.max_line_bytes} bytes"
                " (BACKERS_MAX_LINE_BYTES); skipped"
            )
            item = _failure(where, TooLarge(message, source))
        else:
            try:
                item = read_record(line, line_no, source, path, limits, mtime)
            except NoText as err:
                if textless < 0:
                    yield _failure(where, err)
                    continue
                textless += 1
                if textless < NOT_ARTICLES_AFTER:
                    held.append(_failure(where, err))
                    continue
                message = (
                    f"lines 1-{line_no}: no record has 'text' or 'html': not a file of "
                    "articles (a manifest?); skipped"
                )
                yield _failure(source, NoText(message, source))
                return
            except InputError as err:
                item = _failure(where, err)
            except Exception as exc:  # a bug must not stop a batch: record it and go on
                item = Failure(where, "read", "internal", f"{where}: {type(exc).__name__}: {exc}")
        textless = -1
        yield from held
        held = []
        yield item
    yield from held
    if not seen:
        yield _failure(source, EmptyInput("no records (the file is empty)", source))


def iter_lines(stream: BinaryIO, max_line: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line; ``None`` for a line over ``max_line`` bytes,
    whose rest is skipped in bounded chunks without being kept."""
    line_no = 0
    while True:
        line = stream.readline(max_line + 1)
        if not line:
            return
        line_no += 1
        if len(line) > max_line and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield line_no, None
            continue
        yield line_no, line


def count_lines(path: Path) -> int:
    """Lines of a (possibly gzipped) file, counted in bounded chunks."""
    count, last = 0, b"\n"
    with _open(path, split_ext(path)[2]) as stream:
        while chunk := stream.read(CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def read_record(
    line: bytes,
    line_no: int,
    source: str,
    path: Path | None,
    limits: Limits,
    mtime: dt.date | None,
) -> Article:
    """One JSONL line (bytes, as read) as an Article; typed InputErrors for bad records."""
    text_line = decode_bytes(line, source)
    try:
        record = _scrub(json.loads(text_line))
    except json.JSONDecodeError as exc:
        raise BadJSON(
            f"line {line_no}: not valid JSON ({exc.msg} at column {exc.colno})", source
        ) from exc
    except RecursionError as exc:
        raise BadJSON(f"line {line_no}: JSON nested too deeply to read", source) from exc
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise BadJSON(f"line {line_no}: not readable JSON ({exc})", source) from exc
    if not isinstance(record, dict):
        raise BadJSON(f"line {line_no}: a JSON {type(record).__name__}, not an object", source)
    body = record.get("text")
    markup = record.get("html")
    kind = "text"
    if not (isinstance(body, str) and has_text(body)):
        if not (isinstance(markup, str) and has_text(markup)):
            raise NoText(f"line {line_no}: the record has no 'text' or 'html'", source)
        body, kind = markup, "html"
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > limits.max_doc_bytes:
        raise TooLarge(
            f"line {line_no}: document of {size} bytes is over the limit of "
            f"{limits.max_doc_bytes} (BACKERS_MAX_DOC_BYTES)",
            source,
        )
    retrieved = None
    for name in RETRIEVED_FIELDS:
        if record.get(name):
            retrieved = normalise_date(record[name])[0]
            if retrieved and len(retrieved) == 10:
                break
            retrieved = None
    meta = {k: v for k, v in record.items() if k not in RECORD_FIELDS}
    base, base_source = _base(limits, retrieved, mtime)
    doc_id = record_doc_id(record.get("id"), path, line_no)
    where = f"{source}:{line_no}"
    return _article(
        body,
        kind,
        language=limits.language,
        doc_id=doc_id,
        source=where,
        digest=raw_hash(line.rstrip(b"\r\n")),
        base=base,
        base_source=base_source,
        title=_str(record.get("title")),
        url=_str(record.get("url")),
        outlet=_str(record.get("outlet")),
        author=_str(record.get("author")),
        published=record.get("published"),
        retrieved=retrieved,
        meta=meta,
    )


_record = read_record  # the name backers.batch.reading imports


def _document(
    data: bytes,
    source: str,
    doc_id: str,
    limits: Limits,
    mtime: dt.date | None,
    mtime_source: str | None,
    kind: str | None,
) -> Article:
    text = decode_bytes(data, source)
    if kind is None:
        kind = "html" if _MARKUP.match(data[:2048]) or b"<html" in data[:2048].lower() else "text"
    base, base_source = _base(limits, None, mtime)
    return _article(
        text, kind, doc_id=doc_id, source=source, digest=raw_hash(data), base=base,
        base_source=base_source, language=limits.language,
    )  # fmt: skip


def _article(
    raw: str,
    kind: str,
    *,
    doc_id: str,
    source: str,
    digest: str,
    base: dt.date | None,
    base_source: str | None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    published: Any = None,
    retrieved: str | None = None,
    meta: dict[str, Any] | None = None,
    language: bool = True,
) -> Article:
    """Clean one document and assemble its Article; metadata beats what the text says.
    ``language`` False leaves its language to be detected later (``tag_language``)."""
    meta = dict(meta or {})
    comments = ""
    date_source = "record" if published else None
    if kind == "html":
        page = extract_html(raw, source, url)
        raw, comments = page.text, page.comments
        title = title or page.title
        author = author or page.author
        outlet = outlet or page.sitename
        if not published and page.date:
            published, date_source = page.date, "page"
        url = url or page.url
    result = clean_text(raw, title=title, as_of=base)
    if not has_text(result.text):  # e.g. mojibake that repairs to a no-break space
        raise EmptyInput("empty: no visible text once cleaned", source)
    text, sections = result.text, list(result.sections)
    if comments:
        text, sections = _append_comments(text, sections, fix_text(comments)[0])
    iso, precision = normalise_date(published)
    if iso is None:
        date_source = None
    if iso is None and result.published and result.published_precision != "relative":
        iso, precision, date_source = result.published, result.published_precision, "text"
    if iso is None:
        # a full date the article states (a dateline, "on October 18, 2022"), before a
        # relative "4 days ago" that only the file's time or the run can anchor
        stated = stated_date(_body_text(text, sections))
        if stated is not None:
            (iso, precision), date_source = stated, "text"
    if iso is None and result.published:
        iso, precision = result.published, result.published_precision
        date_source = RELATIVE_SOURCES.get(base_source or "", "relative, no anchor")
    if date_source:
        meta["date_source"] = date_source
    if result.date_text:
        meta["date_text"] = result.date_text
        if result.published_precision == "relative" and base is not None:
            meta["date_base"] = base.isoformat()
            meta["date_base_source"] = base_source
    if result.notes:
        meta["clean_notes"] = result.notes
    article = Article(
        doc_id=doc_id,
        text=text,
        sections=sections,
        source=source,
        title=result.title or title,
        url=url,
        outlet=outlet or result.outlet,
        author=author or result.author,
        published=iso,
        published_precision=precision,
        retrieved=retrieved,
        raw_hash=digest,
        meta=meta,
    )
    # Every stored document carries its language: tagged here, or by the extracting worker.
    return tag_language(article) if language else article


# Where a date comes from (meta["date_source"]), best first: the page's own metadata, the
# record's field, a date the text states, then a relative date ("4 days ago") anchored on
# the run's --as-of, the record's retrieval date, or the file's time.
RELATIVE_SOURCES = {
    "as_of": "relative to --as-of",
    "retrieved": "relative to the retrieval date",
    "mtime": "relative to the file's time",
}


def _body_text(text: str, sections: list[Section]) -> str:
    """The article's body and captions, where a stated date may be; not its comments."""
    return "\n".join(text[s.start : s.end] for s in sections if s.kind in (BODY, CAPTION))


def _append_comments(
    text: str, sections: list[Section], comments: str
) -> tuple[str, list[Section]]:
    """Reader comments found apart from the body (HTML) go at the end, as comments."""
    if sections:
        sep = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        last = sections[-1]
        sections[-1] = Section(last.kind, last.start, last.end + len(sep), last.label)
        text += sep
    start = len(text)
    text += comments
    sections.append(Section(COMMENTS, start, len(text), "comments"))
    return text, sections


def _base(
    limits: Limits, retrieved: str | None, mtime: dt.date | None
) -> tuple[dt.date | None, str | None]:
    """The day relative dates count from: as_of, else retrieval date, else file mtime."""
    if limits.as_of is not None:
        return limits.as_of, "as_of"
    if retrieved:
        return dt.date.fromisoformat(retrieved), "retrieved"
    if mtime is not None:
        return mtime, "mtime"
    return None, None


def _read_bounded(stream: BinaryIO, limits: Limits, source: str) -> bytes:
    data = stream.read(limits.max_doc_bytes + 1)
    if len(data) > limits.max_doc_bytes:
        raise _too_large(None, limits, source)
    return data


def _too_large(size: int | None, limits: Limits, source: str) -> TooLarge:
    what = f"{size} bytes" if size is not None else "the document"
    return TooLarge(
        f"{what} is over the limit of {limits.max_doc_bytes} bytes (BACKERS_MAX_DOC_BYTES)",
        source,
    )


def _open(path: Path, gz: bool) -> BinaryIO:
    if gz:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")  # noqa: SIM115


def _starts_with_brace(stream: BinaryIO) -> bool:
    """Sniff a file of unknown type: JSON Lines start with ``{``."""
    head = stream.peek(SNIFF) if hasattr(stream, "peek") else b""
    return head.lstrip()[:1] == b"{"


def _failure(source: str, err: InputError) -> Failure:
    return Failure(source, "read", err.code, str(err))


def _scrub(value: Any) -> Any:
    """A parsed JSON value with every string made safe to store (:func:`scrub`): JSON
    escapes can carry NUL, control characters and lone surrogates that bytes cannot.
    Containers are fresh from ``json.loads``, so they are fixed in place, without recursion
    (a deeply nested record must not overflow the stack)."""
    holder = [value]
    stack: list[Any] = [holder]
    while stack:
        node = stack.pop()
        keys = range(len(node)) if isinstance(node, list) else list(node)
        for key in keys:
            item = node[key]
            if isinstance(item, str):
                node[key] = scrub(item)[0]
            elif isinstance(item, list | dict):
                stack.append(item)
            if isinstance(key, str):
                safe = scrub(key)[0]
                if safe != key:
                    node[safe] = node.pop(key)
    return holder[0]


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class _Prefixed(io.RawIOBase):
    """A stream that yields already-read bytes first, then the rest of ``stream``."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._prefix:
            size = min(len(view), len(self._prefix))
            view[:size] = self._prefix[:size]
            self._prefix = self._prefix[size:]
            return size
        data = self._stream.read(len(view))
        view[: len(data)] = data
        return len(data)
