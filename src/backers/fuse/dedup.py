"""Near-duplicate articles: which stored texts are one independent source.

Wire copy reprinted by several outlets, the same article ingested twice under two URLs, or a
syndicated version with a changed headline and a trimmed last paragraph must count once when
we say how many sources back a relation. We detect them with MinHash over word shingles
(``datasketch``): each article's body text becomes the set of its 5-word shingles, each set a
128-value MinHash signature, and two articles are near-duplicates when the Jaccard similarity
their signatures estimate is at least :data:`THRESHOLD`.

Why 0.4 (measured with ``scripts/fuse_measure_dedup.py`` on the team's 391-article corpus):

* Real pairs: the exact Jaccard of the 5-shingle sets of all 76,245 pairs, on the texts as
  scraped (navigation and footers kept). 76,113 pairs are below 0.05; 132 lie in
  0.05-0.30, and the highest is 0.27. We read them: every pair above 0.1 is two different
  stories of one outlet sharing its page furniture (StopFake's footer, UNITED24's and Al
  Jazeera's menus, CNN's sidebar); no pair is above 0.3. The corpus holds no whole reprint;
  its wire copy is partial: a short AP item (Kathimerini) is 54 % contained in an AP
  roundup (Winnipeg Free Press) at Jaccard 0.10, and Kyiv Post quotes part of an ISW
  assessment at 0.03. Article-level similarity cannot and should not merge those; the
  claim-level rule in :mod:`backers.fuse.relations` (the same sentence in two articles is
  one source) does.
* Synthetic reprints of the 115 foreign-support articles: another site's furniture around
  the same text (80 words) lands at 0.5-1.0, the last fifth cut at 0.5-1.0, 5 % of the
  words replaced plus a new headline at 0.4-0.8 (one of 115 in 0.4-0.5), an excerpt of
  every third paragraph at 0.1-0.5.

The same measurement on the cleaned bodies the store holds (the corpus ingested with
``--no-extract``, then ``body_text``): 76,160 pairs below 0.05, 85 in 0.05-0.25, highest
0.25 (two Al Jazeera stories sharing a leftover related-links block); StopFake's furniture
pairs fall from 0.27 to 0.10. So 0.4 keeps every synthetic reprint and edited copy, and
sits 0.13 above the highest unrelated pair, raw or cleaned. MinHashLSH at 0.4 with 128
permutations bands as b=32, r=4; on the corpus it returns no pair, as the exact values say
it should (``tests/fuse/test_shared.py`` checks that, and that a planted reprint is found).

Signatures are stored (``fuse_signatures``) so an incremental update hashes only new
articles; LSH band keys are stored too (``fuse_bands``), so candidate pairs are one SQL
self-join instead of an in-memory index rebuilt on every run. The banding (b bands of r rows)
is the one ``datasketch.MinHashLSH`` chooses for the threshold; every candidate is then
checked against the threshold with the signatures' Jaccard estimate.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.4
NUM_PERM = 128
SHINGLE_WORDS = 5
SEED = 1
SCHEME = "affine32"
# Changing any parameter above invalidates stored signatures; the version is stored with
# each one so that stale signatures are recomputed instead of compared.
SIGNATURE_VERSION = f"mh{NUM_PERM}-k{SHINGLE_WORDS}-s{SEED}-{SCHEME}"

_WORD = re.compile(r"\w+", re.UNICODE)


def lsh_params(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) that ``MinHashLSH`` picks to balance misses and false candidates."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def words(text: str) -> list[str]:
    """Lower-cased word tokens: punctuation, spacing and case differences do not count."""
    return _WORD.findall(text.lower())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of k-word shingles of text (the whole text when it is shorter than k words)."""
    toks = words(text)
    if not toks:
        return set()
    if len(toks) <= k:
        return {" ".join(toks).encode("utf-8")}
    return {" ".join(toks[i : i + k]).encode("utf-8") for i in range(len(toks) - k + 1)}


def jaccard(a: set, b: set) -> float:
    """Exact Jaccard similarity of two sets (0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def signature(text: str) -> MinHash:
    """The MinHash of text's shingles. crc32 is used as the shingle hash: stable across
    processes (unlike ``hash``) and much faster than the default sha1."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=zlib.crc32)
    m.update_batch(shingles(text))
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard estimate of two signatures: the share of equal positions."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(values: np.ndarray, bands: int, rows: int) -> list[tuple[int, int]]:
    """(band, key) for each LSH band: articles sharing any (band, key) are candidates.

    The key is a signed 64-bit digest of the band's bytes, so it fits a DuckDB BIGINT.
    """
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys


def body_text(text: str, sections: str | list | None) -> str:
    """The body sections of a stored document, joined; the whole text when it has none.

    Reprints differ most in their page furniture (navigation, comments, captions), so only
    the body is compared when the reader has labelled it.
    """
    if isinstance(sections, str):
        try:
            sections = json.loads(sections)
        except ValueError:
            sections = None
    parts = [
        text[s["start"] : s["end"]]
        for s in sections or []
        if isinstance(s, dict) and s.get("kind") == "body"
    ]
    joined = "\n".join(parts)
    return joined if joined.strip() else text


def components(nodes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components of the near-duplicate graph: node -> representative.

    The representative is the smallest id of the component, so the labelling does not
    depend on the order in which articles arrived (incremental equals full rebuild).
    """
    parent: dict[str, str] = {n: n for n in nodes}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
    return {n: find(n) for n in parent}
