"""Claims in the output contract's shape (spec: Output), from records or stored rows.

Every writer (``backers claims``, the exports) emits the same JSON through
:func:`row_to_contract`. Reading the store is :mod:`backers.query`'s job, not this one's."""

from __future__ import annotations

from typing import Any

from backers.records import Claim

CONTRACT_KEYS = (
    "doc_id",
    "supporter",
    "recipient",
    "type",
    "status",
    "certainty",
    "claimant",
    "claimant_affiliation",
    "items",
    "quantity",
    "location",
    "time",
    "evidence",
    "sentence",
    "start",
    "end",
)


def claim_to_contract(claim: Claim) -> dict[str, Any]:
    """A :class:`Claim` as one contract JSON object (plus its extractor)."""
    data = claim.to_dict()
    out = {key: data.get(key) for key in CONTRACT_KEYS}
    out["extractor"] = claim.extractor
    out["rules"] = list(claim.rules)
    return out


# Where a stored claim was read, beyond the contract's keys: a researcher cites the
# outlet, the publication date with its precision, and the URL.
PROVENANCE_KEYS = ("outlet", "url", "published", "published_precision", "date_source")


def row_to_contract(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the ``claims`` table as one contract JSON object, plus its extractor, the
    rules that read it and, where the row carries them, its document's provenance."""
    out = {key: row.get(key) for key in CONTRACT_KEYS}
    out["items"] = list(row.get("items") or [])
    for key in PROVENANCE_KEYS:
        if key in row:
            out[key] = row[key] if not hasattr(row[key], "isoformat") else row[key].isoformat()
    out["extractor"] = row.get("extractor")
    out["rules"] = list(row.get("rules") or [])
    # The stored claim's id (what `backers correct` takes) and its correction, if any.
    for key in ("id", "correction"):
        if key in row:
            out[key] = row[key]
    return out
