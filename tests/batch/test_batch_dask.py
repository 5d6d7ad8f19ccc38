"""Both engines give the same store: documents, claims, extractions, failures, relations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backers.pipeline import ingest
from backers.store import Store

from .batch_inputs import write_french, write_inputs

CLAIM_ROWS = (
    "SELECT doc_id, supporter, recipient, type, status, certainty, claimant,"
    ' claimant_affiliation, items, quantity, location, "time", evidence, sentence, start,'
    ' "end", id, article_id, extractor FROM claims'
)
TABLES = {
    "documents": "SELECT * EXCLUDE (ingested_at) FROM documents",
    "claims": CLAIM_ROWS,
    "extractions": "SELECT article_id, extractor, claims FROM extractions",
    "failures": "SELECT source, stage, code, message FROM failures",
}


def contents(store: Store) -> dict[str, list]:
    with store.read() as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        queries = dict(TABLES)
        if "fuse_relations" in tables:
            queries["relations"] = (
                "SELECT id, supporter, recipient, type, status, sources, articles, claims,"
                " denials, confidence FROM fuse_relations"
            )
        return {
            name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in queries.items()
        }


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """One 2-worker LocalCluster for the module: starting one costs seconds."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
@pytest.mark.model
def test_dask_and_local_engines_store_the_same(tmp_path: Path, scheduler: str) -> None:
    # The French article: the local engine's workers detect languages, Dask's readers do.
    paths = [*write_inputs(tmp_path), write_french(tmp_path)]
    local = Store(tmp_path / "local.duckdb")
    by_local = ingest(paths, local, as_of=None)
    cluster = Store(tmp_path / "cluster.duckdb")
    by_dask = ingest(
        paths,
        cluster,
        engine="dask",
        scheduler=scheduler,
        partition_bytes=300,  # several partitions, so the JSONL file is cut into slices
    )

    pooled = Store(tmp_path / "pooled.duckdb")
    by_pool = ingest(paths, pooled, workers=2, batch_size=2)

    expected = contents(local)
    assert contents(cluster) == expected
    assert contents(pooled) == expected
    assert expected["claims"], "the test articles should yield claims"
    assert len(expected["failures"]) == 2  # the bad line, and the French article not read
    with local.read() as con:
        langs = con.execute("SELECT json_extract_string(meta, '$.language') FROM documents")
        assert sorted({r[0] for r in langs.fetchall()}) == ["en", "fr"]
    for field in ("stored", "unchanged", "reextracted", "failed", "claims"):
        assert getattr(by_dask, field) == getattr(by_local, field), field
        assert getattr(by_pool, field) == getattr(by_local, field), field
    assert not any((tmp_path / "cluster.duckdb.shards").glob("*")), "shards are removed"

    again = ingest(paths, cluster, engine="dask", scheduler=scheduler, partition_bytes=300)
    assert (again.stored, again.claims, again.unchanged) == (0, 0, by_local.stored + 1)
