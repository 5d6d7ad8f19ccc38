"""Loading into the store: a processed batch in memory, or a run's Parquet shards.

DuckDB has a single writer, so workers never touch the store; this process loads what they
produced, through the one set-based write path of ``backers.store.load`` (the rows, the
versions and the counts are described there). The local engine loads each batch as it
comes, in memory; the Dask engine loads partitions' shards as they come, in input order
(:func:`load_parts`), while the workers go on.
"""

from __future__ import annotations

from backers.batch.partition import PartitionResult
from backers.batch.shards import KINDS, read_kind, read_parts, tables
from backers.store import Store
from backers.store.load import FuseHook, IngestReport


def load_result(
    store: Store, result: PartitionResult, part: int = 0, *, after: FuseHook | None = None
) -> IngestReport:
    """Load one processed batch in one transaction."""
    return store.load(tables(result, part), skipped=result.skipped, after=after)


def load_shards(
    store: Store, root: str, *, skipped: int = 0, after: FuseHook | None = None
) -> IngestReport:
    """Load the shards in ``root`` into ``store`` in one transaction.

    ``skipped`` is the number of articles the workers left out because the store already
    had them; it is only counted. ``after`` (the fusion hook) runs in the transaction with
    the ids of the articles whose claims were replaced, in input order.
    """
    return store.load({kind: read_kind(root, kind) for kind in KINDS}, skipped=skipped, after=after)


def load_parts(
    store: Store, root: str, parts: list[int], *, skipped: int = 0, after: FuseHook | None = None
) -> IngestReport:
    """Load the shards of partitions ``parts`` (consecutive, in order) in ``root`` in one
    transaction, as the local engine loads a batch."""
    return store.load(read_parts(root, parts), skipped=skipped, after=after)
