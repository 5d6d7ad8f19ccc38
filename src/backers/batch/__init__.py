"""The batch stage, runnable in one process or on a Dask cluster.

``process_partition`` is the whole per-document work (read, clean, NLP, extract) as one
pure function over a partition of input references; the Dask runner maps it over a cluster,
the workers write Parquet shards, and one process loads them into the store.
"""

from backers.batch.partition import InputRef, PartitionOptions, PartitionResult
from backers.batch.plan import plan_partitions
from backers.batch.process import process_partition

__all__ = [
    "InputRef",
    "PartitionOptions",
    "PartitionResult",
    "plan_partitions",
    "process_partition",
]
