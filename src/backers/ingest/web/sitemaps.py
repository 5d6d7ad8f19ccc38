"""Sitemaps: ``<urlset>`` page URLs and ``<sitemapindex>`` child sitemaps (XML, gzipped
XML, or a plain-text list of URLs), parsed without entities or network access."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from backers.ingest.web.errors import BadSitemap

MAX_URLS = 50_000  # the sitemap protocol's own limit per file


@dataclass
class Sitemap:
    pages: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # further sitemaps (an index)


def parse_sitemap(body: bytes, sitemap_url: str, max_bytes: int) -> Sitemap:
    """Page URLs and child sitemaps of one sitemap file."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)[: max_bytes + 1]
        except (OSError, EOFError, zlib.error) as exc:
            raise BadSitemap(f"not valid gzip: {exc}", sitemap_url) from exc
    text = body.lstrip()
    if not text.startswith(b"<"):
        pages = [
            urljoin(sitemap_url, line.strip())
            for line in text.decode("utf-8", "replace").splitlines()
            if line.strip().startswith(("http://", "https://"))
        ]
        if not pages:
            raise BadSitemap("neither XML nor a list of URLs", sitemap_url)
        return Sitemap(pages=pages[:MAX_URLS])
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(text, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise BadSitemap(f"malformed XML: {exc}", sitemap_url) from exc
    kind = etree.QName(root).localname.lower()
    if kind not in ("urlset", "sitemapindex"):
        raise BadSitemap(f"root element <{kind}> is not <urlset> or <sitemapindex>", sitemap_url)
    locs = [
        urljoin(sitemap_url, el.text.strip())
        for el in root.iter("{*}loc")
        if el.text and el.text.strip()
    ][:MAX_URLS]
    return Sitemap(children=locs) if kind == "sitemapindex" else Sitemap(pages=locs)
