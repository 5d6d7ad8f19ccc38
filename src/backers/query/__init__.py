"""The one read layer of the store: every question of the CLI, the API, the pages and the
exports is answered here, with one filter builder (:mod:`.filters`: aliases, the current
document versions, when a claim is seen) and one definition of each count (fusion's, read
from the fused tables by :mod:`.fused`).

Each module answers one kind of question (claims, documents, actors, timeline, relations,
exports) as plain dicts from a DuckDB connection the caller holds: the web server passes a
cursor of its snapshot (:mod:`backers.serve.snapshot`), the CLI a short read connection.
"""
