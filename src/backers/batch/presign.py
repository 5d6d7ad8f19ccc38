"""Near-duplicate signatures made by the workers, beside the parsing.

Fusion needs a MinHash signature of every stored document (``backers.fuse.dedup``). Made
during fusion, they were the largest part of the one loading process's work in a big
ingest while the workers waited; made here, in the worker, they cost the run a few percent
of its parsing time spread over every core. The function and its parameters are fusion's
own (``dedup.signature`` of ``dedup.body_text`` of the text and sections the store keeps),
so a signature made here is the one fusion would make; it travels with its
``SIGNATURE_VERSION`` and is only used under the same one.
"""

from __future__ import annotations

from backers.batch.partition import PartitionResult
from backers.store.load import sections_json


def presign(result: PartitionResult) -> None:
    """Add the signatures of ``result.articles`` to ``result``."""
    from backers.fuse import dedup

    for art in result.articles:
        sig = dedup.signature(dedup.body_text(art.text, sections_json(art)))
        result.signatures[art.id] = dedup.to_bytes(sig)
    result.signature_version = dedup.SIGNATURE_VERSION
