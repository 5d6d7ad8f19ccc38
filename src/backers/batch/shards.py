"""Parquet shards: how a worker hands its partition's results to the loader.

Each partition writes three files into the run folder: ``articles-NNNNN.parquet``,
``claims-NNNNN.parquet`` and ``failures-NNNNN.parquet``. Every row carries its partition
number and its position in the partition, which together give the input order the loader
needs (the first occurrence of a repeated article wins, versions count up in order).
A shard is written under a temporary name and renamed, so a crashed worker never leaves a
half-written file that looks complete. The folder may be local, on a shared filesystem or
in an object store (any URI ``pyarrow.fs`` understands, such as ``s3://bucket/run``).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from backers.batch.partition import PartitionResult
from backers.records import content_hash

KINDS = ("articles", "claims", "failures")

ARTICLES = pa.schema(
    [
        ("part", pa.int32()),
        ("pos", pa.int32()),
        ("id", pa.string()),
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("author", pa.string()),
        ("published", pa.string()),
        ("published_precision", pa.string()),
        ("retrieved", pa.string()),
        ("text", pa.string()),
        ("sections", pa.string()),
        ("raw_hash", pa.string()),
        ("text_hash", pa.string()),
        ("meta", pa.string()),
        ("extractor", pa.string()),  # null: not read for claims
    ]
)
CLAIMS = pa.schema(
    [
        ("part", pa.int32()),
        ("pos", pa.int32()),
        ("id", pa.string()),
        ("article_id", pa.string()),
        ("doc_id", pa.string()),
        ("supporter", pa.string()),
        ("recipient", pa.string()),
        ("type", pa.string()),
        ("status", pa.string()),
        ("certainty", pa.string()),
        ("claimant", pa.string()),
        ("claimant_affiliation", pa.string()),
        ("items", pa.list_(pa.string())),
        ("quantity", pa.string()),
        ("location", pa.string()),
        ("time", pa.string()),
        ("evidence", pa.string()),
        ("sentence", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("extractor", pa.string()),
        ("rules", pa.list_(pa.string())),
    ]
)
FAILURES = pa.schema(
    [
        ("part", pa.int32()),
        ("pos", pa.int32()),
        ("source", pa.string()),
        ("stage", pa.string()),
        ("code", pa.string()),
        ("message", pa.string()),
    ]
)
SCHEMAS = {"articles": ARTICLES, "claims": CLAIMS, "failures": FAILURES}


def filesystem(root: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem and path of a shard folder given as a local path or a URI."""
    if "://" in root:
        return pafs.FileSystem.from_uri(root)
    return pafs.LocalFileSystem(), str(Path(root).resolve())


def tables(result: PartitionResult, part: int) -> dict[str, pa.Table]:
    """The partition's rows as Arrow tables, one per kind."""
    extracted = set(result.extracted)
    arts = result.articles
    claim_pos = {a.id: i for i, a in enumerate(arts)}
    articles = {
        "part": [part] * len(arts),
        "pos": list(range(len(arts))),
        "id": [a.id for a in arts],
        "doc_id": [a.doc_id for a in arts],
        "source": [a.source for a in arts],
        "url": [a.url for a in arts],
        "title": [a.title for a in arts],
        "outlet": [a.outlet for a in arts],
        "author": [a.author for a in arts],
        "published": [a.published for a in arts],
        "published_precision": [a.published_precision for a in arts],
        "retrieved": [a.retrieved for a in arts],
        "text": [a.text for a in arts],
        "sections": [
            json.dumps(
                [
                    {"kind": s.kind, "start": s.start, "end": s.end, "label": s.label}
                    for s in a.sections
                ]
            )
            for a in arts
        ],
        "raw_hash": [a.raw_hash for a in arts],
        "text_hash": [content_hash(a.text) for a in arts],
        "meta": [json.dumps(a.meta, default=str) for a in arts],
        "extractor": [result.extractor if a.id in extracted else None for a in arts],
    }
    cl = result.claims
    claims = {
        "part": [part] * len(cl),
        "pos": [claim_pos.get(c.article_id, -1) for c in cl],
        "id": [c.id for c in cl],
        "article_id": [c.article_id for c in cl],
        **{
            name: [getattr(c, name) for c in cl]
            for name in CLAIMS.names
            if name not in ("part", "pos", "id", "article_id", "items", "rules")
        },
        "items": [list(c.items) for c in cl],
        "rules": [list(c.rules) for c in cl],
    }
    fl = result.failures
    failures = {
        "part": [part] * len(fl),
        "pos": list(range(len(fl))),
        "source": [f.source for f in fl],
        "stage": [f.stage for f in fl],
        "code": [f.code for f in fl],
        "message": [f.message for f in fl],
    }
    return {
        "articles": pa.Table.from_pydict(articles, schema=ARTICLES),
        "claims": pa.Table.from_pydict({n: claims[n] for n in CLAIMS.names}, schema=CLAIMS),
        "failures": pa.Table.from_pydict(failures, schema=FAILURES),
    }


def write_shards(result: PartitionResult, part: int, root: str) -> dict[str, str]:
    """Write the partition's three shards into ``root``; return their paths by kind."""
    fs, base = filesystem(root)
    fs.create_dir(base, recursive=True)
    written = {}
    for kind, table in tables(result, part).items():
        final = f"{base}/{kind}-{part:05d}.parquet"
        temp = f"{base}/.{kind}-{part:05d}.{uuid.uuid4().hex}.tmp"
        pq.write_table(table, temp, filesystem=fs, compression="zstd")
        fs.move(temp, final)
        written[kind] = final
    return written


def shard_paths(root: str, kind: str) -> list[str]:
    """The complete shards of one kind in ``root``, in partition order."""
    fs, base = filesystem(root)
    try:
        infos = fs.get_file_info(pafs.FileSelector(base, recursive=False))
    except FileNotFoundError:
        return []
    names = [
        i.path
        for i in infos
        if i.is_file and i.base_name.startswith(f"{kind}-") and i.base_name.endswith(".parquet")
    ]
    return sorted(names)


def read_kind(root: str, kind: str):
    """A ``pyarrow.dataset`` over the shards of one kind (streamed, not loaded whole)."""
    import pyarrow.dataset as ds

    fs, _ = filesystem(root)
    return ds.dataset(
        shard_paths(root, kind), schema=SCHEMAS[kind], filesystem=fs, format="parquet"
    )
