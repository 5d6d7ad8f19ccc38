"""The extractor version claims are recorded under, for every engine and every worker.

Read from ``backers.extract.version`` (a module with no heavy imports) where it exists,
else from ``backers.extract``; None where extraction is not installed. Kept apart from the
pipeline and the engines so that each imports it without importing the other.
"""

from __future__ import annotations


def extractor_version() -> str | None:
    """The current extractor's version, or None where extraction is not available."""
    try:
        from backers.extract.version import EXTRACTOR_VERSION
    except ImportError:
        try:
            from backers.extract import EXTRACTOR_VERSION
        except ImportError:
            return None
    return EXTRACTOR_VERSION
