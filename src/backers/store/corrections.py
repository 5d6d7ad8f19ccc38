"""Writing a correction: one row in ``corrections``, then fusion of the pairs it touches.

The CLI (``backers correct``) and the server's edit routes (:mod:`backers.serve.edits`) both
call :func:`correct`, which writes through ``Store.write`` (the store's write lock, one
transaction, as ingest writes a batch) and re-fuses the claim's articles in the same
transaction, so relations never disagree with the corrections they come from. How the
correction is then applied to every read is :mod:`backers.query.corrections`.

Values are checked here, for every surface: type, status and certainty against the
contract's vocabularies, actor names through the read layer's resolver (an alias such as
"Kremlin" becomes Russia; a name neither the store nor the gazetteers know is refused unless
``new_actor`` says it is meant).
"""

from __future__ import annotations

import difflib
import getpass
import os
from dataclasses import dataclass, field
from typing import Any

import duckdb

from backers import settings
from backers.errors import BackersError
from backers.fuse.catalogue import load
from backers.query.corrections import CLEARABLE, CORRECTABLE, LATEST, SENTENCE_KEY
from backers.query.names import actors, resolve_actor
from backers.records import CERTAINTIES, STATUSES, TYPES
from backers.store.db import Store, row_dicts

ACTIONS = ("correct", "reject", "undo")
VOCABULARIES = {"type": TYPES, "status": STATUSES, "certainty": CERTAINTIES}
USER_ENV = settings.USER.env
MAX_NOTE = 2000


class CorrectionError(BackersError):
    """A correction that cannot be made: an unknown claim, value or actor."""

    code = "bad-correction"


class UnknownClaim(CorrectionError):
    code = "unknown-claim"


@dataclass
class Request:
    """What a user asks: ``action`` on the claim ``claim_id``; ``changes`` for 'correct'."""

    claim_id: str
    action: str = "correct"
    # field -> new value; "" clears the claimant or its affiliation (the outlet's own
    # voice); ``items`` is a list (or one comma-separated string), [] for none
    changes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    author: str | None = None
    new_actor: bool = False


def default_author() -> str:
    """Who corrects: ``BACKERS_USER``, else the operating system's user name."""
    name = os.environ.get(USER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


def _actor(con: duckdb.DuckDBPyConnection, value: str, role: str, new_actor: bool) -> str:
    value = " ".join(value.split())
    found = resolve_actor(con, value)
    if found:
        return found
    canonical = load().actor_alias.get(value.lower())
    if canonical:
        return canonical
    if new_actor:
        return value
    known = sorted({*actors(con), *load().actor_alias.values()})
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise CorrectionError(
        f"unknown actor {value!r}{hint}; to name an actor the store does not know yet,"
        " pass --new-actor",
        source=role,
    )


def check(con: duckdb.DuckDBPyConnection, req: Request) -> dict[str, str]:
    """The request's changes, validated and with actor names resolved; raises
    :class:`CorrectionError` naming the field for the first bad one."""
    if req.action not in ACTIONS:
        raise CorrectionError(f"unknown action {req.action!r}; use one of {', '.join(ACTIONS)}")
    unknown = sorted(set(req.changes) - set(CORRECTABLE))
    if unknown:
        raise CorrectionError(
            f"{unknown[0]!r} cannot be corrected; fields: {', '.join(CORRECTABLE)}"
        )
    changes = {k: _cleaned(k, v) for k, v in req.changes.items() if v is not None}
    changes = {k: v for k, v in changes.items() if v or k in CLEARABLE or k == "items"}
    if req.action != "correct" and changes:
        raise CorrectionError(f"--{req.action} takes no new values ({', '.join(changes)})")
    if req.action == "correct" and not changes:
        raise CorrectionError(
            "say what to correct: --supporter, --recipient, --type, --status, --certainty,"
            " --claimant, --affiliation or --items (or --reject, --undo)"
        )
    if req.note is not None and len(req.note) > MAX_NOTE:
        raise CorrectionError(f"the note is longer than {MAX_NOTE} characters", source="note")
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key in VOCABULARIES:
            low = value.lower()
            if low not in VOCABULARIES[key]:
                raise CorrectionError(
                    f"{value!r} is not one of {', '.join(VOCABULARIES[key])}", source=key
                )
            out[key] = low
        elif key in ("claimant", "items") or not value:
            out[key] = value  # a person's name, the items as written, or "none"
        else:
            out[key] = _actor(con, value, key, req.new_actor)
    return out


MAX_ITEMS = 50


def _cleaned(key: str, value: Any) -> Any:
    """A value as typed, spacing folded: items as a list without repeats."""
    if key != "items":
        if not isinstance(value, str):
            raise CorrectionError(f"{key} must be text", source=key)
        return " ".join(value.split())
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CorrectionError("items must be a list of names", source="items")
    items = list(dict.fromkeys(" ".join(v.split()) for v in value if v.strip()))
    if len(items) > MAX_ITEMS or any(len(v) > 200 for v in items):
        raise CorrectionError(f"at most {MAX_ITEMS} items of 200 characters", source="items")
    return items


def _same(field_: str, value: Any, read: Any) -> bool:
    """Whether a corrected value is the value as read ("" and no claimant are one)."""
    if field_ in CLEARABLE:
        return (value or None) == (read or None)
    if field_ == "items":
        return list(value) == list(read or [])
    return value == read


def read_claim(con: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any]:
    """The stored claim as the extractor read it (no correction applied), with its
    content identity (``sentence_key``)."""
    rows = row_dicts(
        con.execute(
            f'SELECT id, article_id, doc_id, {", ".join(CORRECTABLE)}, sentence, start, "end",'
            f" {SENTENCE_KEY.format(s='sentence')} AS sentence_key FROM claims WHERE id = ?",
            [claim_id.strip()],
        )
    )
    if not rows:
        raise UnknownClaim(
            "no stored claim has this id (ids change when an article is read again;"
            " list them with `backers claims --format jsonl`)",
            source=claim_id,
        )
    return rows[0]


def _latest(con: duckdb.DuckDBPyConnection, claim: dict[str, Any]) -> dict[str, Any] | None:
    rows = row_dicts(
        con.execute(
            f"SELECT * FROM ({LATEST}) WHERE doc_id = ? AND sentence_key = ?"
            " AND supporter = ? AND recipient = ? AND type = ?",
            [claim[k] for k in ("doc_id", "sentence_key", "supporter", "recipient", "type")],
        )
    )
    return rows[0] if rows else None


def record(con: duckdb.DuckDBPyConnection, req: Request) -> dict[str, Any]:
    """Insert the correction row (inside the caller's transaction) and return it with
    ``articles``: every stored article with a claim of the same identity, to re-fuse.

    A second correction of a claim builds on the first: the fields it does not set keep
    the values the first one set."""
    changes = check(con, req)
    claim = read_claim(con, req.claim_id)
    previous = _latest(con, claim)
    sets = {f: None for f in CORRECTABLE}
    if req.action == "correct":
        if previous is not None and previous["action"] == "correct":
            sets.update({f: previous[f"set_{f}"] for f in CORRECTABLE})
        sets.update(changes)
        # A value equal to the one read is no correction of that field.
        sets = {f: (None if v is None or _same(f, v, claim[f]) else v) for f, v in sets.items()}
        if all(v is None for v in sets.values()):
            raise CorrectionError("these are the values as read: nothing to correct")
        supporter = sets["supporter"] or claim["supporter"]
        recipient = sets["recipient"] or claim["recipient"]
        if supporter == recipient:
            raise CorrectionError(f"supporter and recipient would both be {supporter!r}")
    elif req.action == "undo" and (previous is None or previous["action"] == "undo"):
        raise CorrectionError("this claim has no correction to undo", source=req.claim_id)
    author = (req.author or "").strip() or default_author()
    row = con.execute(
        "INSERT INTO corrections (doc_id, sentence_key, supporter, recipient, type, action,"
        f" {', '.join(f'set_{f}' for f in CORRECTABLE)}, note, author,"
        ' claim_id, sentence, start, "end")'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id,"
        " strftime(created_at, '%Y-%m-%dT%H:%M:%S')",
        [
            claim["doc_id"],
            claim["sentence_key"],
            claim["supporter"],
            claim["recipient"],
            claim["type"],
            req.action,
            *(sets[f] for f in CORRECTABLE),
            (req.note or "").strip() or None,
            author,
            claim["id"],
            claim["sentence"],
            claim["start"],
            claim["end"],
        ],
    ).fetchone()
    articles = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT article_id FROM claims WHERE doc_id = ? AND supporter = ?"
            " AND recipient = ? AND type = ?",
            [claim["doc_id"], claim["supporter"], claim["recipient"], claim["type"]],
        ).fetchall()
    ]
    return {
        "id": row[0],
        "created_at": row[1],
        "action": req.action,
        "author": author,
        "note": (req.note or "").strip() or None,
        "claim": {k: claim[k] for k in ("id", "doc_id", *CORRECTABLE, "sentence")},
        "changes": {f: v for f, v in sets.items() if v is not None},
        "now": {f: _now(f, sets[f], claim[f], req.action) for f in CORRECTABLE},
        "articles": articles,
    }


def _now(field_: str, value: Any, read: Any, action: str) -> Any:
    """A field's value once the correction applies (what every reader now sees)."""
    if action != "correct" or value is None:
        return read
    return (value or None) if field_ in CLEARABLE else value


def apply(con: duckdb.DuckDBPyConnection, req: Request) -> dict[str, Any]:
    """Record ``req`` and re-fuse the pairs it touches, inside the caller's write
    transaction. Returns :func:`record`'s result with the number of relations."""
    from backers import fuse

    result = record(con, req)
    result["relations"] = fuse.update(con, result["articles"]).relations
    return result


def correct(store: Store, req: Request) -> dict[str, Any]:
    """:func:`apply` in one write transaction of the store (waiting for another writer's
    lock as ingest does)."""
    with store.write() as con:
        return apply(con, req)
