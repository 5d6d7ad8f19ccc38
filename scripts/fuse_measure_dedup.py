"""Measure the near-duplicate threshold of backers.fuse.dedup on a JSONL corpus.

For every pair of records it computes the exact Jaccard similarity of their 5-word shingle
sets and the MinHash estimate, prints the distribution of the exact values, every pair above
``--show`` with its ids, outlets and titles, and the pairs that MinHashLSH (with the
threshold in backers.fuse.dedup) finds, so the threshold can be chosen where the
distribution has a gap and checked against what LSH actually returns.

    python scripts/fuse_measure_dedup.py path/to/news.jsonl [--show 0.1]

Reads the ``text`` field as stored (scraped noise included), and, where the ingest
cleaner is importable, also the cleaned body, since fusion compares stored bodies.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import Counter

from datasketch import MinHashLSH

from backers.fuse import dedup


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def reprints(text: str, rng: random.Random) -> dict[str, str]:
    """Variants of one text as syndication produces them, and one that is not a reprint.

    furniture: another site's navigation and footer around the same story (80 words);
    trimmed: the last fifth of the paragraphs cut; edited: 5 % of the words replaced and
    a new first line; excerpt: every third paragraph only (a short excerpt of the story).
    """
    paras = [p for p in text.split("\n") if p.strip()] or [text]
    filler = " ".join(
        rng.choice(
            [
                "home",
                "news",
                "sport",
                "share",
                "subscribe",
                "menu",
                "privacy",
                "contact",
                "more",
                "world",
            ]
        )
        for _ in range(80)
    )
    toks = text.split()
    edited = [
        rng.choice(["said", "the", "officials", "on"]) if rng.random() < 0.05 else t for t in toks
    ]
    keep = max(1, int(len(paras) * 0.8))
    return {
        "furniture": filler[:200] + "\n" + text + "\n" + filler[200:],
        "trimmed": "\n".join(paras[:keep]),
        "edited": "Updated headline\n" + " ".join(edited),
        "excerpt": "\n".join(p for k, p in enumerate(paras) if k % 3 == 0),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jsonl")
    ap.add_argument("--show", type=float, default=0.1, help="print pairs at or above this")
    ap.add_argument("--threshold", type=float, default=dedup.THRESHOLD)
    args = ap.parse_args()
    recs = load(args.jsonl)
    sets = [dedup.shingles(r.get("text") or "") for r in recs]
    sigs = [dedup.signature(r.get("text") or "") for r in recs]
    bins = Counter()
    shown = []
    for i, j in itertools.combinations(range(len(recs)), 2):
        jac = dedup.jaccard(sets[i], sets[j])
        bins[min(int(jac * 20), 19)] += 1
        if jac >= args.show:
            shown.append((jac, sigs[i].jaccard(sigs[j]), i, j))
    total = sum(bins.values())
    print(f"{len(recs)} records, {total} pairs; exact Jaccard of 5-word shingle sets:")
    for b in range(20):
        lo = b / 20
        print(f"  [{lo:.2f}, {lo + 0.05:.2f})  {bins[b]:>7}")
    print(f"\npairs with exact Jaccard >= {args.show}:")
    for jac, est, i, j in sorted(shown, reverse=True):
        a, b = recs[i], recs[j]
        print(
            f"  {jac:.3f} (minhash {est:.3f})  {a['id']} [{a.get('outlet')}] "
            f"<-> {b['id']} [{b.get('outlet')}]\n      {a.get('title')!r}\n      {b.get('title')!r}"
        )
    print("\nsynthetic reprints of each foreign-support record (exact Jaccard to the original):")
    rng = random.Random(7)
    kinds = Counter()
    for rec in recs:
        if rec.get("topic") != "foreign-support":
            continue
        for kind, text in reprints(rec.get("text") or "", rng).items():
            jac = dedup.jaccard(dedup.shingles(rec.get("text") or ""), dedup.shingles(text))
            kinds[kind, min(int(jac * 10), 9)] += 1
    for kind in ("furniture", "trimmed", "edited", "excerpt"):
        row = "  ".join(f"{b / 10:.1f}:{kinds[kind, b]}" for b in range(10) if kinds[kind, b])
        print(f"  {kind:<10} {row}")
    lsh = MinHashLSH(threshold=args.threshold, num_perm=dedup.NUM_PERM)
    for k, m in enumerate(sigs):
        lsh.insert(k, m)
    found = set()
    for k, m in enumerate(sigs):
        for other in lsh.query(m):
            if other != k and m.jaccard(sigs[other]) >= args.threshold:
                found.add((min(k, other), max(k, other)))
    print(f"\nMinHashLSH at threshold {args.threshold} (b={lsh.b}, r={lsh.r}): {len(found)} pairs")
    for i, j in sorted(found):
        print(f"  {recs[i]['id']} <-> {recs[j]['id']}  exact {dedup.jaccard(sets[i], sets[j]):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
