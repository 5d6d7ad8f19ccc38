"""One filter for every listing, turned into bound SQL or into fusion's keyword arguments.

Every listing of the API (claims, relations, graph, timeline, exports) takes the same
filters, so they are parsed once into :class:`Filters`. Relations are fusion's
(``backers.fuse.query``), which take the filters as keywords; claims and the timeline are
read here with the same meaning. Values are always bound as parameters; only fixed column
names reach the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from backers.records import CERTAINTIES, STATUSES, TYPES

# The date a claim is seen at, as fusion dates relations: the claim's own ``time`` where
# it is an ISO date or interval (its start), else its document's publication date.
CLAIM_DATE = (
    "(CASE WHEN regexp_full_match(coalesce(c.\"time\", ''),"
    " '\\d{4}(-\\d{2}(-\\d{2})?)?(/\\d{4}(-\\d{2}(-\\d{2})?)?)?')"
    " THEN split_part(c.\"time\", '/', 1) ELSE d.published END)"
)

VOCABULARIES = {"type": TYPES, "status": STATUSES, "certainty": CERTAINTIES}


@dataclass
class Filters:
    """What a listing is narrowed to. ``None`` and empty lists mean "no filter".

    ``type`` and ``status`` take one value, ``certainty`` several, as fusion does.
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

    def as_params(self) -> dict[str, Any]:
        """The non-empty filters, in the form the API takes them (for links and echoes)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, [], ""):
                out[f.name] = value
        return out

    def fusion_kwargs(self) -> dict[str, Any]:
        """The keywords of ``backers.fuse.query.list_relations`` and ``graph``."""
        kwargs = {f.name: getattr(self, f.name) for f in fields(self)}
        kwargs["certainty"] = list(self.certainty) or None
        return kwargs

    def replace(self, **changes: Any) -> Filters:
        return Filters(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


def claim_where(flt: Filters) -> tuple[str, list[Any]]:
    """``WHERE`` text and its parameters over ``claims c JOIN documents d``.

    ``min_sources`` keeps the claims of fused relations with that many independent
    sources (fusion decides what is independent).
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
    if flt.type:
        clauses.append("c.type = ?")
        params.append(flt.type)
    if flt.status:
        clauses.append("c.status = ?")
        params.append(flt.status)
    if flt.certainty:
        clauses.append("list_contains(?::VARCHAR[], c.certainty)")
        params.append(list(flt.certainty))
    if flt.claimant:
        clauses.append("(lower(c.claimant) = lower(?) OR lower(c.claimant_affiliation) = lower(?))")
        params += [flt.claimant, flt.claimant]
    eq_ci("d.outlet", flt.outlet)
    if flt.date_from:
        clauses.append(f"left({CLAIM_DATE}, length(?)) >= ?")
        params += [flt.date_from, flt.date_from]
    if flt.date_to:
        clauses.append(f"left({CLAIM_DATE}, length(?)) <= ?")
        params += [flt.date_to, flt.date_to]
    if flt.min_sources and flt.min_sources > 1:
        clauses.append(
            "c.id IN (SELECT l.claim_id FROM fuse_claims l JOIN fuse_relations r"
            " ON r.id = l.relation_id WHERE r.sources >= ?)"
        )
        params.append(flt.min_sources)
    return " AND ".join(clauses), params
