"""Typed, actionable errors. Each has a short code (stored in the failures table) and a
message that names the input and the problem, so the CLI can print it on one line."""

from __future__ import annotations


class BackersError(Exception):
    """Base class: ``code`` is stable and machine-readable, ``str(err)`` is for people."""

    code = "error"

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.message = message

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(BackersError):
    """One input (file, JSONL line) cannot be read; the batch goes on without it."""

    code = "bad-input"


class MissingPath(InputError):
    code = "missing-path"


class BinaryInput(InputError):
    code = "binary"


class DecodeError(InputError):
    code = "undecodable"


class EmptyInput(InputError):
    code = "empty"


class BadJSON(InputError):
    code = "bad-json"


class NoText(InputError):
    code = "no-text"


class NoArticleBody(InputError):
    code = "no-body"


class TooLarge(InputError):
    code = "too-large"


class StoreError(BackersError):
    """The database cannot be used; nothing is written."""

    code = "store"


class NotADatabase(StoreError):
    code = "not-duckdb"


class MissingStore(StoreError):
    code = "no-store"


class StoreLocked(StoreError):
    code = "locked"
