"""The extractor's version: a hash of everything that decides what it reads.

A store re-reads its articles when the version it recorded differs from this one, so the
version must change with any change of behaviour. A hand-bumped string did not (five
behaviour changes once shipped under one label), so the version is computed: the bytes of
every module of ``backers.extract`` and ``backers.nlp`` and of every data file in
``backers/data`` (patterns, lexicons, gazetteers, catalogues), in a fixed order. The label in
front names the approach, the hash the exact rules.

This module imports nothing heavy, so the ingest engines can ask for the version without
loading spaCy.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
LABEL = "rules"
# What decides the extractor's output: its code, the pipeline set-up, and the data.
SOURCES = (("extract", "*.py"), ("nlp", "*.py"), ("data", "*.yaml"), ("data", "*.json"))


def source_files() -> list[Path]:
    """Every file whose content is hashed into the version, in a stable order."""
    files: set[Path] = set()
    for folder, pattern in SOURCES:
        files.update(p for p in (PACKAGE / folder).glob(pattern) if p.is_file())
    return sorted(files, key=lambda p: p.relative_to(PACKAGE).as_posix())


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """``rules-<12 hex digits>``: changes whenever any source file changes."""
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{LABEL}-{digest.hexdigest()[:12]}"


EXTRACTOR_VERSION = extractor_version()
