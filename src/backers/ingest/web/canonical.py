"""Canonical URLs decide identity: the same story under tracking parameters, another case
of host name, a default port or a fragment is one document. courlan does the normalising;
the tracking parameters it keeps (it drops only some) are removed here."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from backers.ingest.web.errors import BadUrl

# Query parameters that track the reader, not choose the content.
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref|ref_src|"
    r"referrer|source|cmpid|campaign|at_\w+|ito|xtor|ns_\w+|smid|sr_share|taid|ocid|"
    r"guccounter|guce_\w+|share|s_cid|wt_mc|mbid|spm)$",
    re.I,
)


def canonical_url(url: str) -> str:
    """The canonical form of ``url``; raises :class:`BadUrl` for what is not an http(s) URL."""
    import courlan

    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadUrl(f"not an http(s) URL: {url!r}", url)
    try:
        normal = courlan.normalize_url(text, strict=False)
    except Exception as exc:  # noqa: BLE001 - courlan raises ValueError and friends
        raise BadUrl(f"not a valid URL ({exc})", url) from exc
    parts = urlsplit(normal)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)
    ]
    path = parts.path or "/"
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), "")
    )


def url_doc_id(url: str) -> str:
    """A readable, stable doc_id for a page: host and last path segment, plus a short hash
    of the whole canonical URL so two pages never share one."""
    parts = urlsplit(url)
    host = (parts.hostname or "web").removeprefix("www.")
    segment = next((s for s in reversed(parts.path.split("/")) if s), "")
    segment = re.sub(r"\.(?:s?html?|php|aspx?)$", "", segment, flags=re.I)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{host}-{segment}").strip("-").lower()[:80]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}"
