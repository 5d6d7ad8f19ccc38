"""What a run changed in the picture: the fused relations now, compared with the snapshot
the last recorded run left (``change_snapshot``), written as rows of ``changes``.

Comparing with a stored snapshot, not with the state at the start of the run, is what makes
a kill harmless: the changes of a run that died are found by the next one. The comparison,
the new rows and the new snapshot are one transaction.

Kinds: ``new-supporter`` (a pair never seen before), ``new-relation`` (a new type of support
between a known pair), ``status`` (the latest status moved, e.g. pledged -> delivered),
``denial`` (new denials of a relation), ``confidence`` (crossed ``CONFIDENCE_THRESHOLD``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from backers.store import Store

CONFIDENCE_THRESHOLD = 0.5
KINDS = ("new-supporter", "new-relation", "status", "denial", "confidence")


@dataclass(frozen=True)
class _Rel:
    relation_id: str
    supporter: str
    recipient: str
    type: str
    status: str | None
    denials: int
    confidence: float


def record_changes(store: Store, run: str | None = None) -> int:
    """Record the changes since the last recorded run; return how many were found."""
    run = run or new_run_id()
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.write() as con:
        if not _has_relations_table(con):
            return 0
        now = _relations(con, "SELECT id, supporter, recipient, type, status, denials,"
                         " confidence FROM fuse_relations")  # fmt: skip
        before = _relations(con, "SELECT relation_id, supporter, recipient, type, status,"
                            " denials, confidence FROM change_snapshot")  # fmt: skip
        rows = diff(before, now)
        for kind, rel, old, new, summary in rows:
            con.execute(
                "INSERT INTO changes (run, changed_at, kind, relation_id, supporter, recipient,"
                " type, before, after, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [run, at, kind, rel.relation_id, rel.supporter, rel.recipient, rel.type,
                 old, new, summary],
            )  # fmt: skip
        con.execute("DELETE FROM change_snapshot")
        con.execute(
            "INSERT INTO change_snapshot SELECT id, supporter, recipient, type, status, denials,"
            " confidence FROM fuse_relations"
        )
    return len(rows)


def diff(
    before: dict[str, _Rel], now: dict[str, _Rel]
) -> list[tuple[str, _Rel, str | None, str | None, str]]:
    """(kind, relation, before, after, one-line summary) for each change, in a stable order."""
    pairs = {(r.supporter, r.recipient) for r in before.values()}
    found = []
    for rid in sorted(now, key=lambda k: (now[k].supporter, now[k].recipient, now[k].type)):
        rel = now[rid]
        what = f"{rel.supporter} -> {rel.recipient} ({rel.type})"
        old = before.get(rid)
        if old is None:
            if rel.status is None and rel.denials:
                found.append(("denial", rel, None, str(rel.denials), f"denied: {what}"))
                continue
            kind = "new-relation" if (rel.supporter, rel.recipient) in pairs else "new-supporter"
            label = (
                f"{rel.supporter} is a new supporter of {rel.recipient}"
                if kind == "new-supporter"
                else f"new relation {what}"
            )
            found.append((kind, rel, None, rel.status, f"{label}: {rel.type}, {rel.status}"))
            continue
        if old.status and rel.status and old.status != rel.status:
            found.append(
                ("status", rel, old.status, rel.status, f"{what}: {old.status} -> {rel.status}")
            )
        if rel.denials > old.denials:
            found.append(
                ("denial", rel, str(old.denials), str(rel.denials),
                 f"{what}: new denial ({rel.denials} in all)")
            )  # fmt: skip
        crossed_up = old.confidence < CONFIDENCE_THRESHOLD <= rel.confidence
        crossed_down = rel.confidence < CONFIDENCE_THRESHOLD <= old.confidence
        if crossed_up or crossed_down:
            way = "rose above" if crossed_up else "fell below"
            found.append(
                ("confidence", rel, f"{old.confidence:.2f}", f"{rel.confidence:.2f}",
                 f"{what}: confidence {way} {CONFIDENCE_THRESHOLD:g}"
                 f" ({old.confidence:.2f} -> {rel.confidence:.2f})")
            )  # fmt: skip
    return found


def new_run_id() -> str:
    """A run's id: its start time (UTC) and a short random tail."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{now}-{uuid.uuid4().hex[:6]}"


def _relations(con, sql: str) -> dict[str, _Rel]:
    out = {}
    for rid, sup, rec, typ, status, denials, confidence in con.execute(sql).fetchall():
        out[rid] = _Rel(rid, sup, rec, typ, status, int(denials or 0), float(confidence or 0))
    return out


def _has_relations_table(con) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'fuse_relations'"
        ).fetchone()[0]
    )
