"""The one filter builder: every listing, count and export narrows with this module.

Every surface (CLI, API, pages, exports) parses its options into :class:`Filters` and
turns them into SQL here, so "claimant", "date_from" or "supporter Kremlin" mean the same
thing everywhere:

- actor parameters (``supporter``, ``recipient``, ``actor``, ``claimant``) are resolved
  with :mod:`backers.query.names` (case, aliases, metonyms) before they are compared;
- only the current version of a document counts (``current_documents``, the store's one
  version rule);
- a claim is seen from ``SEEN_FROM`` to ``SEEN_TO`` (its own ISO time, else its article's
  publication date when that date is exact; a relative date such as "4 days ago" resolved
  against a file time is no date at all for filtering and first/last seen);
- claim-level filters (certainty, claimant, outlet, dates) select a relation when one of
  its claims matches them all together; ``certainty=denied`` selects the relations with
  a denial;
- ``min_reliability`` and ``no_state_media`` are claim-level too: the rating of the
  outlet of the claim's document (:mod:`backers.sources`, matched by name or URL host).

Values are always bound as parameters; only fixed column names reach the SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

import duckdb

from backers import sources
from backers.fuse.catalogue import load
from backers.query.corrections import CLAIMS
from backers.query.names import resolve_actor, spellings
from backers.query.seen import seen_from, seen_to
from backers.records import CERTAINTIES, STATUSES, TYPES

CLAIM_DATE = seen_from()
CLAIM_DATE_END = seen_to()
# Claims of current documents only, corrections applied: the FROM of every claim listing.
CLAIMS_FROM = f"{CLAIMS} c JOIN current_documents d ON d.id = c.article_id"

# A date filter: YYYY, YYYY-MM or YYYY-MM-DD.
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
VOCABULARIES = {"type": TYPES, "status": STATUSES, "certainty": CERTAINTIES}


@dataclass
class Filters:
    """What a listing is narrowed to. ``None`` and empty lists mean "no filter".

    ``type`` and ``status`` take one value, ``certainty`` several.
    """

    supporter: str | None = None
    recipient: str | None = None
    actor: str | None = None  # either side
    type: str | None = None
    status: str | None = None
    certainty: list[str] = field(default_factory=list)
    claimant: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    min_sources: int | None = None
    doc_id: str | None = None  # claims read from this document (any stored version's id)
    # The outlet's rating (backers.sources): at least this reliability (0-3; an unrated
    # outlet does not pass), and no state-affiliated outlet.
    min_reliability: int | None = None
    no_state_media: bool | None = None

    @classmethod
    def of(cls, **values: Any) -> Filters:
        """Filters from keywords, ignoring ``limit``/``offset`` and turning a ``None``
        certainty into no filter."""
        names = {f.name for f in fields(cls)}
        kept = {k: v for k, v in values.items() if k in names}
        kept["certainty"] = list(kept.get("certainty") or [])
        return cls(**kept)

    def as_params(self) -> dict[str, Any]:
        """The non-empty filters, in the form the API takes them (for links and echoes)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, [], ""):
                out[f.name] = value
        return out

    def fusion_kwargs(self) -> dict[str, Any]:
        """The keywords of ``backers.query.fused.list_relations`` and ``graph``."""
        kwargs = {f.name: getattr(self, f.name) for f in fields(self)}
        kwargs["certainty"] = list(self.certainty) or None
        return kwargs

    def replace(self, **changes: Any) -> Filters:
        return Filters(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


def is_one_of(column: str, names: list[str]) -> tuple[str, list[str]]:
    """``column`` equals one of ``names``: SQL and parameters."""
    if not names:
        return "FALSE", []
    if len(names) == 1:
        return f"{column} = ?", names
    return f"{column} IN ({', '.join('?' for _ in names)})", names


def _actor(con: duckdb.DuckDBPyConnection, column: str, value: str) -> tuple[str, list[str]]:
    """``column`` names the actor ``value`` means: its stored spellings where fusion
    knows it, else the value itself ignoring case."""
    names = spellings(con, resolve_actor(con, value) or value)
    if names:
        return is_one_of(column, names)
    return f"lower({column}) = lower(?)", [value]


def claimant_names(value: str) -> tuple[str, str]:
    """The lower-cased claimant as typed, and the actor its alias means ("russia",
    "Russian Federation" -> russia; "Kremlin" -> russia)."""
    low = " ".join(value.split()).lower()
    return low, (load().actor_alias.get(low) or low).lower()


def claim_conditions(
    flt: Filters, *, seen: tuple[str, str] = (CLAIM_DATE, CLAIM_DATE_END)
) -> tuple[list[str], list[Any]]:
    """Claim-level conditions over ``claims c`` and ``documents d``: certainty, claimant
    (the claimant, the body it speaks for, or the outlet for its own voice), outlet and
    dates (a claim seen ``seen[0]``..``seen[1]`` overlaps the asked period)."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.certainty:
        clauses.append("list_contains(?::VARCHAR[], c.certainty)")
        params.append(list(flt.certainty))
    if flt.claimant:
        # The claimant as typed, or the body it speaks for; the actor an alias means only
        # when nobody claims under the typed name (White House and Kremlin are claimants
        # of their own: "claimant White House" is not every US official).
        typed, meant = claimant_names(flt.claimant)
        clauses.append(
            "(lower(c.claimant) = ? OR lower(c.claimant_affiliation) = ?"
            " OR (lower(c.claimant_affiliation) = ?"
            "     AND NOT EXISTS (SELECT 1 FROM claims x WHERE lower(x.claimant) = ?))"
            " OR (c.claimant IS NULL AND c.claimant_affiliation IS NULL"
            "     AND lower(d.outlet) = ?))"
        )
        params += [typed, typed, meant, typed, typed]
    if flt.outlet:
        clauses.append("lower(d.outlet) = lower(?)")
        params.append(flt.outlet)
    if flt.doc_id:
        clauses.append("c.doc_id = ?")
        params.append(flt.doc_id)
    if flt.date_from:
        clauses.append(f"coalesce({seen[1]}, {seen[0]}) >= ?")
        params.append(str(flt.date_from))
    if flt.date_to:
        clauses.append(f"left({seen[0]}, length(?)) <= ?")
        params += [str(flt.date_to)] * 2
    rated, rated_params = sources.sql_condition("d", flt.min_reliability, bool(flt.no_state_media))
    return clauses + rated, params + rated_params


def actor_clauses(
    con: duckdb.DuckDBPyConnection, flt: Filters, alias: str
) -> tuple[list[str], list[Any]]:
    """The supporter, recipient and actor conditions on table ``alias`` (claims ``c`` or
    relations ``r``, which name their actors alike), with names resolved."""
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    for key in ("supporter", "recipient"):
        value = getattr(flt, key)
        if value:
            sql, names = _actor(con, f"{alias}.{key}", value)
            clauses.append(sql)
            params += names
    if flt.actor:
        as_sup, names = _actor(con, f"{alias}.supporter", flt.actor)
        as_rec, _ = _actor(con, f"{alias}.recipient", flt.actor)
        clauses.append(f"({as_sup} OR {as_rec})")
        params += names * 2
    return clauses, params


def claim_where(con: duckdb.DuckDBPyConnection, flt: Filters) -> tuple[str, list[Any]]:
    """``WHERE`` text and its parameters over ``CLAIMS_FROM`` (claims c of current
    documents d), with actor names resolved.

    ``min_sources`` keeps the claims of fused relations with that many independent
    sources (fusion decides what is independent).
    """
    clauses, params = actor_clauses(con, flt, "c")
    if flt.type:
        clauses.append("c.type = ?")
        params.append(flt.type)
    if flt.status:
        clauses.append("c.status = ?")
        params.append(flt.status)
    more, more_params = claim_conditions(flt)
    clauses += more
    params += more_params
    if flt.min_sources and flt.min_sources > 1:
        clauses.append(
            "c.id IN (SELECT l.claim_id FROM fuse_claims l JOIN fuse_relations r"
            " ON r.id = l.relation_id WHERE r.sources >= ?)"
        )
        params.append(flt.min_sources)
    return " AND ".join(clauses), params


# The claims of one relation (alias r) that match the claim-level conditions: supporting
# claims and denials alike (a denial is a claim of certainty "denied", and its claimant is
# the one who denies).
MATCHING = (
    f"FROM fuse_claims l JOIN {CLAIMS} c ON c.id = l.claim_id"
    " LEFT JOIN documents d ON d.id = c.article_id"
    " WHERE l.relation_id = r.id AND {roles} AND {cond}"
)
FUSED_SEEN = ("l.seen_from", "l.seen_to")


def relation_where(con: duckdb.DuckDBPyConnection, flt: Filters) -> tuple[str, list[Any]]:
    """SQL condition on ``fuse_relations`` (alias r) and its parameters.

    Relation-level filters (actors, type, status) test the relation. Claim-level filters
    (certainty, claimant, outlet, dates) must hold *together* for at least one of its
    claims ("confirmed in 2023" means one claim both confirmed and seen in 2023); a
    denial's claims match too, so ``certainty=denied`` and ``claimant=<who denied>`` find
    the denied relations. ``min_sources`` counts the independent sources of the matching
    claims (of all its supporting claims when no claim-level filter is given).
    """
    clauses, params = actor_clauses(con, flt, "r")
    if flt.type:
        clauses.append("r.type = ?")
        params.append(flt.type)
    if flt.status:
        clauses.append("list_contains(r.status_list, ?)")
        params.append(flt.status)
    conds, cond_params = claim_conditions(flt, seen=FUSED_SEEN)
    cond = " AND ".join(conds)
    only_certainty = bool(flt.certainty) and len(conds) == 1
    if only_certainty:
        # ``certainties`` holds the certainty of every supporting claim, ``denials`` counts
        # the denying ones: reading them saves joining claims for every relation.
        test = "list_has_any(r.certainties, ?::VARCHAR[])"
        if "denied" in flt.certainty:
            test = f"({test} OR r.denials > 0)"
        clauses.append(test)
        params.append(list(flt.certainty))
    elif cond:
        clauses.append("EXISTS (SELECT 1 " + MATCHING.format(roles="TRUE", cond=cond) + ")")
        params += cond_params
    if flt.min_sources is not None:
        if cond:
            clauses.append(
                "(SELECT count(DISTINCT l.source_key) "
                + MATCHING.format(roles="TRUE", cond=cond)
                + ") >= ?"
            )
            params += [*cond_params, int(flt.min_sources)]
        else:
            clauses.append("r.sources >= ?")
            params.append(int(flt.min_sources))
    return " AND ".join(clauses), params
