"""What a partition is: a list of input references, and the result of working through one.

A reference names a whole input file, or a byte range of one JSON Lines file together with
the number of its first line. The range lets one big JSONL split across workers without any
process reading all of it; the line number keeps each record's ``source`` ("path:line") the
same as the local engine gives it, so both engines store identical documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from backers.batch.extraction import FilterStats
from backers.records import Article, Claim, Failure


@dataclass(frozen=True)
class InputRef:
    """One input: a whole file (``start is None``) or the JSONL lines in ``[start, end)``.

    ``start``/``end`` are byte offsets at line boundaries; ``first_line`` is the 1-based
    number of the line at ``start``.
    """

    path: str
    start: int | None = None
    end: int | None = None
    first_line: int = 1

    @property
    def is_slice(self) -> bool:
        return self.start is not None

    def size(self) -> int:
        """Bytes this reference covers (0 where unknown), for balancing partitions."""
        if self.is_slice:
            return (self.end or 0) - (self.start or 0)
        try:
            import os

            return os.path.getsize(self.path)
        except OSError:
            return 0


@dataclass(frozen=True)
class PartitionOptions:
    """Everything a worker needs besides its inputs. Picklable and immutable.

    ``done`` holds the ids of articles the store already has in the wanted state (read by
    the current extractor, or merely stored when ``extract`` is off): a worker skips their
    NLP, which is what makes a second run over the same inputs cheap.
    """

    as_of: dt.date | None = None
    extract: bool = True
    model: str | None = None
    extractor: str | None = None  # the extractor version the claims are recorded under
    n_process: int = 1
    max_doc_bytes: int | None = None
    max_line_bytes: int | None = None
    done: frozenset[str] = frozenset()
    prefilter: bool = True  # parse only what can carry a claim (backers.nlp.prefilter)
    # The articles come untagged (the local engine reads them with ``language=False``):
    # detect each one's language here, in the worker, instead of in the reading process.
    detect_language: bool = False


@dataclass
class PartitionResult:
    """What one partition produced, in input order.

    ``extracted`` holds the ids of the articles that were read for claims (also those in
    which none was found): the loader replaces their claims and records the extraction.
    ``skipped`` counts articles found in ``options.done``, which are not returned.
    """

    articles: list[Article] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    extractor: str | None = None  # version that read ``extracted``
    skipped: int = 0
    words: int = 0
    filter: FilterStats = field(default_factory=FilterStats)
    # Near-duplicate signatures of ``articles`` (id -> MinHash bytes) made by the worker,
    # under ``signature_version`` (see ``backers.batch.presign``).
    signatures: dict[str, bytes] = field(default_factory=dict)
    signature_version: str | None = None

    @property
    def seen(self) -> int:
        return len(self.articles) + self.skipped + len(self.failures)
