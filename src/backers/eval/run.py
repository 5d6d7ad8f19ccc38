"""Running an evaluation end to end: read gold files, find the gold documents' texts in
corpus files, extract claims in memory, score. Used by ``backers eval`` and the test gate."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from backers.extract.contract import claim_to_contract
from backers.records import Article


def read_gold(paths: Iterable[str | Path]) -> list[dict]:
    """Gold records of every file, in order."""
    records = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    records.append(json.loads(line))
    return records


def find_articles(corpus: Sequence[str | Path], doc_ids: set[str]) -> dict[str, Article]:
    """The articles with these doc ids found in the corpus paths (read with the ingest
    readers, so the text is cleaned and sectioned exactly as ingest does)."""
    from backers.ingest import read_inputs

    found: dict[str, Article] = {}
    for item in read_inputs([str(p) for p in corpus]):
        if isinstance(item, Article) and item.doc_id in doc_ids:
            found[item.doc_id] = item
    return found


def predict(articles: list[Article], nlp, batch_size: int = 16) -> dict[str, list[dict]]:
    """doc id -> contract dicts, extracted in memory the way ingest extracts (through the
    prefilter when the PREFILTER setting is on)."""
    from backers.batch.extraction import extract_claims

    results = extract_claims(articles, nlp, batch_size=batch_size)
    return {
        a.doc_id: [claim_to_contract(c) for c in cs]
        for a, cs in zip(articles, results, strict=True)
    }
