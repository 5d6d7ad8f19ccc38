"""The DuckDB store."""

from backers.store.db import Store, migrate, row_dicts

__all__ = ["Store", "migrate", "row_dicts"]
