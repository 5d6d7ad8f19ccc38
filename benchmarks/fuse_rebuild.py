"""Time a full fusion rebuild of 100,000 synthetic claims (not a unit test).

    python benchmarks/fuse_rebuild.py [--claims 100000] [--articles 30000] [--keep DIR]

Generates articles (10 % of them reprints of another with a few words changed) and claims
between 60 actors into a temporary store, bulk-loaded so that only fusion is timed, then
times: the first fusion (hashing every document), a full rebuild (signatures reused), and
an incremental update after 100 more articles. The target is a full rebuild under a minute.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from backers import fuse
from backers.records import CERTAINTIES, STATUSES, TYPES, content_hash
from backers.store import Store

WORDS = (
    "army convoy border talks minister envoy shipment drones missiles shells tanks fuel "
    "money loan grant winter front line analysts officials said sent delivered promised "
    "asked halted training advisers intelligence satellite port airfield rail night week"
).split()


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def generate(store: Store, n_claims: int, n_articles: int, seed: int = 1, first: int = 0) -> list:
    rng = random.Random(seed)
    actors = [f"Actor {i:02d}" for i in range(60)]
    claimants = [(f"Speaker {i}", rng.choice(actors)) for i in range(40)] + [(None, None)] * 10
    outlets = [f"Outlet {i}" for i in range(50)]
    docs = {k: [] for k in ("id", "doc_id", "outlet", "published", "text", "sections")}
    texts: list[str] = []
    for i in range(first, first + n_articles):
        if texts and rng.random() < 0.1:
            words = rng.choice(texts).split()
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            text = " ".join(words)
        else:
            text = _text(rng, rng.randint(120, 400))
        texts.append(text)
        docs["id"].append(content_hash(f"bench-{i}")[:16])
        docs["doc_id"].append(f"bench-{i}")
        docs["outlet"].append(rng.choice(outlets))
        docs["published"].append(f"{rng.randint(2021, 2024)}-{rng.randint(1, 12):02d}-01")
        docs["text"].append(text)
        docs["sections"].append(json.dumps([{"kind": "body", "start": 0, "end": len(text)}]))
    cols = (
        "id", "article_id", "doc_id", "supporter", "recipient", "type", "status",
        "certainty", "claimant", "claimant_affiliation", "items", "time", "sentence",
    )  # fmt: skip
    claims = {k: [] for k in cols}
    for j in range(n_claims):
        k = rng.randrange(len(docs["id"]))
        sup, rec = rng.sample(actors[:20] if rng.random() < 0.7 else actors, 2)
        who, aff = rng.choice(claimants)
        claims["id"].append(content_hash(f"claim-{first}-{j}")[:16])
        claims["article_id"].append(docs["id"][k])
        claims["doc_id"].append(docs["doc_id"][k])
        claims["supporter"].append(sup)
        claims["recipient"].append(rec)
        claims["type"].append(rng.choice(TYPES))
        claims["status"].append(rng.choice(STATUSES))
        claims["certainty"].append(rng.choice(CERTAINTIES))
        claims["claimant"].append(who)
        claims["claimant_affiliation"].append(aff)
        claims["items"].append(rng.sample(["Shahed-136", "drones", "shells", "HIMARS"], 1))
        claims["time"].append(None)
        claims["sentence"].append(docs["text"][k][:80])
    with store.write() as con:
        con.register("_d", pa.table(docs))
        con.execute(
            "INSERT INTO documents (id, doc_id, version, source, outlet, published,"
            " published_precision, text, sections, text_hash)"
            " SELECT id, doc_id, 1, doc_id, outlet, published, 'day', text, sections::JSON,"
            " md5(text) FROM _d"
        )
        con.register("_c", pa.table(claims))
        con.execute(
            "INSERT INTO claims (id, article_id, doc_id, supporter, recipient, type, status,"
            ' certainty, claimant, claimant_affiliation, items, "time", sentence, start,'
            " \"end\", extractor) SELECT *, 0, 80, 'bench' FROM _c"
        )
    return docs["id"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=30_000)
    ap.add_argument("--keep", help="folder to keep the store in (default: a temporary one)")
    args = ap.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="backers-bench-"))
    store = Store(folder / "bench.duckdb")
    t = time.perf_counter()
    generate(store, args.claims, args.articles)
    print(f"generated {args.claims} claims in {args.articles} articles: "
          f"{time.perf_counter() - t:.1f}s")  # fmt: skip
    for label in ("first fusion (hashes every document)", "full rebuild (signatures kept)"):
        with store.write() as con:
            stats = fuse.update(con, None)
        print(f"{label}: {stats.seconds:.1f}s, {stats.relations} relations, "
              f"{stats.duplicate_pairs_found} near-duplicate pairs")  # fmt: skip
    new = generate(store, 300, 100, seed=2, first=args.articles)
    with store.write() as con:
        stats = fuse.update(con, new)
    print(f"incremental update of 100 articles: {stats.seconds:.2f}s, "
          f"{stats.pairs_recomputed} pairs recomputed")  # fmt: skip


if __name__ == "__main__":
    main()
