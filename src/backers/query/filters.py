"""One filter for every listing, turned into bound SQL.

Every listing of the API (claims, relations, graph, timeline, exports) takes the same
filters, so they are parsed once into :class:`Filters` and turned into a ``WHERE`` clause
here. Values are always bound as parameters; only fixed column names reach the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from backers.records import CERTAINTIES, STATUSES, TYPES

# The date of a claim is the publication date of the document it was read from: the claim's
# own ``time`` is free text ("late last year") and cannot be compared.
CLAIM_DATE = "d.published"

# Sources count distinct texts, so one wire story reprinted fifty times counts once.
SOURCE_KEY = "d.text_hash"

VOCABULARIES = {"type": TYPES, "status": STATUSES, "certainty": CERTAINTIES}


@dataclass
class Filters:
    """What a listing is narrowed to. Empty lists and ``None`` mean "no filter"."""

    supporter: str | None = None
    recipient: str | None = None
    actor: str | None = None  # either side
    type: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    certainty: list[str] = field(default_factory=list)
    claimant: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    min_sources: int | None = None

    def as_params(self) -> dict[str, Any]:
        """The non-empty filters, in the form the API takes them (for links and echoes)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, [], ""):
                out[f.name] = value
        return out


def claim_where(flt: Filters) -> tuple[str, list[Any]]:
    """``WHERE`` text and its parameters over ``claims c JOIN documents d``.

    ``min_sources`` is left out: it applies to relations and is handled by
    :func:`min_sources_clause`.
    """
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []

    def eq_ci(column: str, value: str | None) -> None:
        if value:
            clauses.append(f"lower({column}) = lower(?)")
            params.append(value)

    eq_ci("c.supporter", flt.supporter)
    eq_ci("c.recipient", flt.recipient)
    if flt.actor:
        clauses.append("(lower(c.supporter) = lower(?) OR lower(c.recipient) = lower(?))")
        params += [flt.actor, flt.actor]
    for column, values in (("c.type", flt.type), ("c.status", flt.status)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params += list(values)
    if flt.certainty:
        clauses.append(f"c.certainty IN ({', '.join('?' for _ in flt.certainty)})")
        params += list(flt.certainty)
    if flt.claimant:
        clauses.append("(lower(c.claimant) = lower(?) OR lower(c.claimant_affiliation) = lower(?))")
        params += [flt.claimant, flt.claimant]
    eq_ci("d.outlet", flt.outlet)
    if flt.date_from:
        clauses.append(f"substr({CLAIM_DATE}, 1, ?) >= ?")
        params += [len(flt.date_from), flt.date_from]
    if flt.date_to:
        clauses.append(f"substr({CLAIM_DATE}, 1, ?) <= ?")
        params += [len(flt.date_to), flt.date_to]
    return " AND ".join(clauses), params


def min_sources_clause(flt: Filters) -> tuple[str, list[Any]]:
    """Keep only claims whose supporter -> recipient pair has enough distinct sources
    among the claims the other filters keep."""
    if not flt.min_sources or flt.min_sources <= 1:
        return "TRUE", []
    where, params = claim_where(flt)
    sql = (
        "(c.supporter, c.recipient) IN (SELECT c.supporter, c.recipient FROM claims c"
        f" JOIN documents d ON d.id = c.article_id WHERE {where}"
        f" GROUP BY c.supporter, c.recipient HAVING count(DISTINCT {SOURCE_KEY}) >= ?)"
    )
    return sql, [*params, flt.min_sources]


def full_where(flt: Filters) -> tuple[str, list[Any]]:
    """All filters, including ``min_sources``, over ``claims c JOIN documents d``."""
    where, params = claim_where(flt)
    extra, extra_params = min_sources_clause(flt)
    return f"{where} AND {extra}", [*params, *extra_params]
