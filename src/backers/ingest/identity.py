"""Identity of inputs: the contract's ``doc_id`` and the hash of the raw bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

# Extensions the readers know, longest first so ".jsonl.gz" wins over ".gz".
TEXT_EXTS = (".txt",)
HTML_EXTS = (".html", ".htm")
JSONL_EXTS = (".jsonl", ".ndjson")
KNOWN_EXTS = TEXT_EXTS + HTML_EXTS + JSONL_EXTS


def split_ext(path: Path) -> tuple[str, str, bool]:
    """(stem, format extension, gzipped) of a file name: ``a.jsonl.gz`` -> (a, .jsonl, True)."""
    name = path.name
    gz = name.lower().endswith(".gz")
    if gz:
        name = name[:-3]
    lower = name.lower()
    for ext in KNOWN_EXTS:
        if lower.endswith(ext):
            return name[: -len(ext)], ext, gz
    stem, dot, ext = name.rpartition(".")
    return (stem, "." + ext.lower(), gz) if dot and stem else (name, "", gz)


def file_doc_id(path: Path) -> str:
    """A text or HTML file's doc_id: its name without extensions."""
    return split_ext(path)[0]


def record_doc_id(value: object, path: Path | None, line_no: int) -> str:
    """A JSONL record's doc_id: its ``id``, else the file stem and line number."""
    if value is not None and str(value).strip():
        return str(value).strip()
    stem = file_doc_id(path) if path is not None else "stdin"
    return f"{stem}-{line_no}"


def raw_hash(data: bytes) -> str:
    """sha256 of the raw input, to tell a changed input from an unchanged one."""
    return hashlib.sha256(data).hexdigest()
