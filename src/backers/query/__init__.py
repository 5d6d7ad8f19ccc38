"""The read side of the store, shared by the CLI, the API and the pages.

Each module answers one kind of question (claims, documents, actors, timeline, relations)
as plain dicts from a DuckDB connection the caller opens and closes, so the web server can
open one per request and never hold the file while an ingest wants to write.
"""
