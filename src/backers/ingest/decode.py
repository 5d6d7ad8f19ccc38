"""Bytes to text: refuse binary files, read UTF-8, guess other encodings with
charset-normalizer. Mojibake repair happens later, in the cleaner."""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes

from backers.errors import BinaryInput, DecodeError, EmptyInput

# Control characters that never occur in text (tab, newline, form feed, CR excluded).
_CONTROL = bytes(range(0, 9)) + b"\x0b" + bytes(range(0x0E, 0x20))


# Categories of characters nobody can see: controls, format characters (zero-width space,
# bidi marks, BOM), separators; and U+FFFD, what unsafe characters are replaced by.
_INVISIBLE = ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Co", "Cn")


def has_text(text: str) -> bool:
    """Whether ``text`` has a visible character (not only whitespace, zero-width and bidi
    marks, control characters or replacement characters)."""
    return any(
        not ch.isspace() and ch != "\ufffd" and unicodedata.category(ch) not in _INVISIBLE
        for ch in text
    )


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters in the first 8 KiB, mean a binary file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(head.count(c) for c in _CONTROL)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, source: str) -> str:
    """The text of ``data``; typed errors name ``source`` when it is empty, binary or
    in no encoding we can recognise."""
    if not data.strip():
        raise EmptyInput("empty: no text, only whitespace or nothing", source)
    if looks_binary(data):
        raise BinaryInput("binary content (NUL or control bytes), not text", source)
    try:
        return _visible(data.decode("utf-8-sig"), source)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot decode: not UTF-8 and no other encoding fits", source)
    text = str(best)
    if "\x00" in text:
        raise BinaryInput("binary content, not text", source)
    return _visible(text, source)


def _visible(text: str, source: str) -> str:
    if not has_text(text):
        raise EmptyInput("empty: no visible text (only spaces or invisible characters)", source)
    return text
