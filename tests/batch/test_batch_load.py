"""The shard loader (Dask) writes what the in-memory batch loads (local engine) do, and
both keep versions, repeats and failures right (no model needed)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from backers.batch import PartitionResult
from backers.batch.load import load_result, load_shards
from backers.batch.shards import shard_paths, write_shards
from backers.records import BODY, Article, Claim, Failure, Section
from backers.store import Store
from backers.store.load import IngestReport, unique_claims

VERSION = "test-1"


def article(doc_id: str, text: str, url: str | None = None) -> Article:
    return Article(
        doc_id=doc_id,
        text=text,
        sections=[Section(BODY, 0, len(text))],
        source=f"feed.jsonl:{doc_id}",
        url=url,
        published="2023-01-02",
        published_precision="day",
        meta={"note": doc_id},
    )


def fake_extract(articles: list[Article]) -> list[list[Claim]]:
    """One claim per word 'arms' (and one repeated, to check claim ids collapse)."""
    out = []
    for art in articles:
        found = []
        for n, word in enumerate(art.text.split()):
            if word.startswith("arms"):
                found.append(
                    Claim(art.doc_id, "A", "B", "arms", "delivered", "stated", None, None,
                          art.text, 0, len(art.text), items=[f"w{n}"], extractor="")
                )  # fmt: skip
        out.append(found + found[:1])
    return out


# Batches in input order: versions by doc_id and by url, a repeat, a failure.
BATCHES = [
    [article("x", "arms to B"), article("y", "nothing here", url="https://u")],
    [article("x", "more arms arms"), article("z", "arms again", url="https://u")],
    [article("x", "arms to B"), article("w", "plain")],
]
FAILURES = [[], [Failure("feed.jsonl:9", "read", "bad-json", "line 9: not valid JSON")], []]


def dump(store: Store) -> dict[str, list]:
    with store.read() as con:
        return {
            "documents": con.execute(
                "SELECT id, doc_id, version, source, url, text, sections, raw_hash, text_hash,"
                " meta FROM documents ORDER BY id"
            ).fetchall(),
            "claims": con.execute("SELECT * FROM claims ORDER BY id").fetchall(),
            "extractions": con.execute(
                "SELECT article_id, extractor, claims FROM extractions ORDER BY article_id"
            ).fetchall(),
            "failures": con.execute(
                "SELECT source, stage, code, message FROM failures ORDER BY id"
            ).fetchall(),
        }


def seeded(path: Path) -> Store:
    """A store that already holds one document under doc_id ``y`` read by an old version."""
    store = Store(path).init()
    old = article("y", "an older text", url="https://other")
    store.write_batch([old], {old.id: []}, extractor="test-0")
    return store


def partitions(done: set[str]) -> tuple[list[PartitionResult], int]:
    """The batches as processed partitions, skipping what ``done`` holds."""
    results, skipped = [], 0
    for arts, fails in zip(BATCHES, FAILURES, strict=True):
        result = PartitionResult(failures=list(fails), extractor=VERSION)
        for art, found in zip(arts, fake_extract(arts), strict=True):
            if art.id in done:
                skipped += 1
                continue
            result.articles.append(art)
            result.claims.extend(unique_claims(art.id, found, VERSION))
            result.extracted.append(art.id)
        results.append(result)
    return results, skipped


def test_load_matches_batch_writes(tmp_path: Path) -> None:
    local = seeded(tmp_path / "local.duckdb")
    report = IngestReport()
    results, _ = partitions(set())
    for part, result in enumerate(results):
        report.add(load_result(local, result, part))

    cluster = seeded(tmp_path / "cluster.duckdb")
    done = {aid for aid, v in cluster.known_articles().items() if v == VERSION}
    root = str(tmp_path / "shards")
    results, skipped = partitions(done)
    for part, result in enumerate(results):
        write_shards(result, part, root)
    loaded = load_shards(cluster, root, skipped=skipped)

    assert dump(cluster) == dump(local)
    assert (loaded.stored, loaded.unchanged, loaded.claims) == (
        report.stored,
        report.unchanged,
        report.claims,
    )
    assert [f.source for f in loaded.failures] == ["feed.jsonl:9"]
    versions = dict(
        duckdb.connect(str(tmp_path / "cluster.duckdb"), read_only=True)
        .execute("SELECT text, version FROM documents")
        .fetchall()
    )
    assert versions == {
        "an older text": 1,
        "arms to B": 1,
        "nothing here": 2,
        "more arms arms": 2,
        "arms again": 2,
        "plain": 1,
    }


def test_shards_are_complete_files_only(tmp_path: Path) -> None:
    root = tmp_path / "run"
    write_shards(PartitionResult(articles=[article("a", "text")]), 3, str(root))
    (root / ".articles-00004.abc.tmp").write_bytes(b"partial")
    assert [Path(p).name for p in shard_paths(str(root), "articles")] == ["articles-00003.parquet"]


def test_loading_nothing_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb").init()
    result = load_shards(store, str(tmp_path / "empty"), skipped=2)
    assert (result.stored, result.unchanged, result.claims) == (0, 2, 0)


def test_a_failure_seen_again_is_not_stored_twice(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb").init()
    bad = Failure("in/x.txt", "read", "empty", "in/x.txt: empty file")
    for _ in range(2):
        report = load_result(store, PartitionResult(failures=[bad, bad]))
        assert report.failed == 2
    assert store.counts()["failures"] == 1


def test_an_article_read_by_the_same_extractor_is_not_read_again(tmp_path: Path) -> None:
    """A repeat in a later batch (the local engine loads batch by batch) is unchanged."""
    store = Store(tmp_path / "s.duckdb").init()
    art = article("x", "arms to B")
    (found,) = fake_extract([art])
    first = PartitionResult(articles=[art], extractor=VERSION, extracted=[art.id])
    first.claims = unique_claims(art.id, found, VERSION)
    assert load_result(store, first).claims == 1
    again = load_result(store, first, 1)
    assert (again.stored, again.unchanged, again.reextracted, again.claims) == (0, 1, 0, 0)


@pytest.mark.parametrize("kind", ["articles", "claims", "failures"])
def test_every_kind_gets_a_shard(tmp_path: Path, kind: str) -> None:
    written = write_shards(PartitionResult(), 0, str(tmp_path))
    assert Path(written[kind]).name == f"{kind}-00000.parquet"


def test_partitions_done_out_of_order_are_loaded_in_input_order(tmp_path: Path) -> None:
    """The Dask client loads a partition once it and all before it are done: the store is
    the one the batch loads give, whatever order the workers finish in."""
    from backers.batch.dask_engine import PartitionStats, RunStats, _Loader

    local = seeded(tmp_path / "local.duckdb")
    results, _ = partitions(set())
    for part, result in enumerate(results):
        load_result(local, result, part)

    cluster = seeded(tmp_path / "cluster.duckdb")
    root = str(tmp_path / "shards")
    loads: list[int] = []  # the partitions stored after each load
    loader = _Loader(cluster, root, RunStats(), None, lambda: loads.append(loader.next), None)
    for part, result in enumerate(results):
        write_shards(result, part, root)

    def finished(part: int) -> PartitionStats:
        r = results[part]
        return PartitionStats(part, len(r.articles), len(r.claims), len(r.failures), 0, 0,
                              0.0, 0.0, 0, 1)  # fmt: skip

    loader.done(finished(2))
    assert loads == [] and dump(cluster) == dump(seeded(tmp_path / "fresh.duckdb"))
    loader.done(finished(0))
    assert loads == [1]
    loader.done(finished(1))  # 1 and 2 are ready together: one load
    assert loads == [1, 3]
    assert dump(cluster) == dump(local)
    assert [f.source for f in loader.report.failures] == ["feed.jsonl:9"]
