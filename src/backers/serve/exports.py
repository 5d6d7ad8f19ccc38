"""Downloads of the relations in the formats other tools read.

Fusion's ``backers.fuse.export`` is the authority on these formats; until it is there the
fallback below writes the same relations with the standard library and networkx.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import duckdb

from backers.query.filters import Filters
from backers.query.relations import graph

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "gexf": ("application/xml; charset=utf-8", "gexf"),
    "graphml": ("application/xml; charset=utf-8", "graphml"),
}

CSV_COLUMNS = (
    "source", "target", "types", "statuses", "certainties", "sources", "claims",
    "claimants", "denied_by", "first_seen", "last_seen", "confidence",
)  # fmt: skip


def _flat(value: Any) -> Any:
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value


def export(con: duckdb.DuckDBPyConnection, fmt: str, flt: Filters) -> bytes:
    """The filtered relations written as ``fmt`` (one of :data:`FORMATS`)."""
    data = graph(con, flt)
    edges = data["edges"]
    if fmt == "jsonl":
        return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in edges).encode()
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for e in edges:
            writer.writerow({k: _flat(e.get(k)) for k in CSV_COLUMNS})
        return buf.getvalue().encode()
    import networkx as nx

    g = nx.DiGraph()
    for node in data["nodes"]:
        g.add_node(node["id"], label=node["label"], sources=node["sources"])
    for e in edges:
        g.add_edge(
            e["source"],
            e["target"],
            **{k: _flat(e[k]) if e[k] is not None else "" for k in CSV_COLUMNS[2:]},
        )
    out = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(g, out)
    else:
        nx.write_graphml(g, out)
    return out.getvalue()
