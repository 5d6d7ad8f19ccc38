"""Downloads of the relations (or their claims) in the formats other tools read.

The formats are fusion's (``backers.query.export``); this module only names their media
types and turns the API's filters into its keywords.
"""

from __future__ import annotations

import io

import duckdb

from backers.query import export as fusion_export
from backers.query.filters import Filters

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "gexf": ("application/xml; charset=utf-8", "gexf"),
    "graphml": ("application/xml; charset=utf-8", "graphml"),
    "ftm": ("application/x-ndjson; charset=utf-8", "ftm.jsonl"),
}
TABLES = fusion_export.TABLES
table_problem = fusion_export.table_problem


def export(con: duckdb.DuckDBPyConnection, fmt: str, flt: Filters, table: str) -> bytes:
    """The filtered relations (or claims) written as ``fmt``, as bytes to download."""
    out = io.StringIO()
    kwargs = flt.fusion_kwargs()
    fusion_export.export(con, fmt, out, table=table, **kwargs)
    return out.getvalue().encode("utf-8")
