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

import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from backers.batch.partition import PartitionResult
from backers.store.load import SCHEMAS, batch_tables

KINDS = ("articles", "claims", "failures")


def filesystem(root: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem and path of a shard folder given as a local path or a URI."""
    if "://" in root:
        return pafs.FileSystem.from_uri(root)
    return pafs.LocalFileSystem(), str(Path(root).resolve())


def tables(result: PartitionResult, part: int) -> dict[str, pa.Table]:
    """The partition's rows as the loader's Arrow tables, one per kind."""
    made = batch_tables(
        result.articles,
        result.claims,
        result.failures,
        part=part,
        extracted=result.extracted,
        extractor=result.extractor,
        signatures=result.signatures,
        signature_version=result.signature_version,
    )
    return {kind: made[kind] for kind in KINDS}


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


def read_parts(root: str, parts: list[int]) -> dict:
    """The shards of some partitions as ``pyarrow.dataset``s, by kind (the loader's
    sources), for loading partitions as soon as they are done."""
    import pyarrow.dataset as ds

    fs, base = filesystem(root)
    return {
        kind: ds.dataset(
            [f"{base}/{kind}-{part:05d}.parquet" for part in parts],
            schema=SCHEMAS[kind],
            filesystem=fs,
            format="parquet",
        )
        for kind in KINDS
    }
