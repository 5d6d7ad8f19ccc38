"""Fusion through the outbox: fused after every batch, fused once at the end of the run,
and fused by the next run after a killed one all give the same relations."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from backers import fuse
from backers.cli import app
from backers.fuse import outbox
from backers.pipeline import after_batch, ingest
from backers.store import Store

from ..fuse.fuse_builders import article, claim, story, with_sentence
from .batch_inputs import write_inputs
from .test_batch_dask import contents

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FUSED = {
    "fuse_relations": "SELECT * EXCLUDE (statuses, claimants_for, claimants_against,"
    " ingredients), statuses::VARCHAR, claimants_for::VARCHAR, claimants_against::VARCHAR,"
    " ingredients::VARCHAR FROM fuse_relations",
    "fuse_claims": "SELECT * FROM fuse_claims",
    "fuse_sources": "SELECT * FROM fuse_sources",
    "fuse_dup_pairs": "SELECT a, b FROM fuse_dup_pairs",
    "fuse_signatures": "SELECT * FROM fuse_signatures",
    "fuse_bands": "SELECT * FROM fuse_bands",
    "fuse_presigned": "SELECT * FROM fuse_presigned",
}


def fused(store: Store) -> dict[str, list]:
    """The store's rows and every fused table, sorted (row order is not content)."""
    with store.read() as con:
        tables = {n: sorted(con.execute(q).fetchall(), key=repr) for n, q in FUSED.items()}
        tables["pending"] = outbox.pending(con)
    return {**contents(store), **tables}


@pytest.mark.slow
@pytest.mark.model
def test_fused_per_batch_equals_fused_once_at_the_end(tmp_path: Path, monkeypatch) -> None:
    paths = [*write_inputs(tmp_path), str(EXAMPLES)]
    monkeypatch.setenv("BACKERS_FUSE_EVERY", "0")
    per_batch = Store(tmp_path / "per-batch.duckdb")
    by_batch = ingest(paths, per_batch, batch_size=1)
    expected = fused(per_batch)
    assert expected["fuse_relations"] and expected["fuse_dup_pairs"], "fixtures fuse something"
    assert expected["pending"] == 0
    assert by_batch.fuse["fusions"] > 3

    monkeypatch.setenv("BACKERS_FUSE_EVERY", "3600")
    once = Store(tmp_path / "once.duckdb")
    by_once = ingest(paths, once, batch_size=1)
    assert by_once.fuse["fusions"] == 1  # at the end: a first run is one full rebuild
    assert fused(once) == expected

    # Once at the end as an incremental update of every queued article, not a rebuild.
    monkeypatch.setattr(outbox, "FULL_SHARE", float("inf"))
    incremental = Store(tmp_path / "incremental.duckdb")
    first = ingest(paths[:1], incremental, batch_size=2)  # the first fusion is full anyway
    then = ingest(paths[1:], incremental, batch_size=2)
    assert (first.fuse["fusions"], then.fuse["fusions"]) == (1, 1)
    assert fused(incremental) == expected
    assert (by_once.claims, by_once.stored) == (by_batch.claims, by_batch.stored)


def test_signatures_made_by_the_workers_are_the_ones_fusion_makes(
    tmp_path: Path, monkeypatch
) -> None:
    """A batch carries its articles' signatures to the store (``fuse_presigned``); fusion
    takes them instead of hashing, and hashing everything itself gives the same rows."""
    import backers.batch.extraction as extraction
    import backers.nlp
    from backers.batch.load import load_result
    from backers.batch.partition import PartitionOptions
    from backers.batch.process import process_items

    monkeypatch.setattr(backers.nlp, "load_pipeline", lambda model=None: object())
    monkeypatch.setattr(extraction, "extract_claims", lambda arts, nlp, **kw: [[] for _ in arts])
    arts = [article(f"s{i}", story(i % 3)) for i in range(6)]  # three pairs of duplicates
    result = process_items(arts, PartitionOptions(extractor="v1", prefilter=False))
    assert sorted(result.signatures) == sorted(a.id for a in arts)

    store = Store(tmp_path / "presigned.duckdb")
    load_result(store, result, after=after_batch)
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM fuse_presigned").fetchone()[0] == 6
    with store.write() as con:
        outbox.drain(con)
    taken = fused(store)
    assert taken["fuse_presigned"] == [] and len(taken["fuse_signatures"]) == 6
    assert len(taken["fuse_dup_pairs"]) == 3
    with store.write() as con:
        con.execute("DELETE FROM fuse_signatures")
        con.execute("DELETE FROM fuse_bands")
        fuse.update(con, None)
    assert fused(store) == taken


def test_a_killed_run_leaves_its_queue_and_the_next_ingest_fuses_it(tmp_path: Path) -> None:
    sent = "Iran sent drones to Russia, Kirby said."
    a = article("a", with_sentence(story(1), sent), outlet="Wire")
    b = article("b", with_sentence(story(1), sent).replace("river", "sea", 1), outlet="Paper")
    c = article("c", with_sentence(story(2), "Belarus let Russia use its airfields."))
    batch = [(a, [claim(a, sent)]), (b, [claim(b, sent, certainty="alleged")])]
    batch.append((c, [claim(c, "Belarus let Russia use its airfields.", supporter="Belarus")]))

    killed = Store(tmp_path / "killed.duckdb")
    # Batches stored, then the process dies before the fusion that was due.
    killed.write_batch([a, b], {x.id: cs for x, cs in batch[:2]}, extractor="v1", after=after_batch)
    killed.write_batch([c], {c.id: batch[2][1]}, extractor="v1", after=after_batch)
    with killed.read() as con:
        assert outbox.pending(con) == 3
        assert con.execute("SELECT count(*) FROM fuse_relations").fetchone()[0] == 0

    (tmp_path / "nothing-new").mkdir()
    db = str(tmp_path / "killed.duckdb")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "nothing-new"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 articles an interrupted run had queued were fused first" in result.output
    assert "relations last fused 20" in result.output

    rebuilt = Store(tmp_path / "rebuilt.duckdb")
    rebuilt.write_batch([a, b], {x.id: cs for x, cs in batch[:2]}, extractor="v1")
    rebuilt.write_batch([c], {c.id: batch[2][1]}, extractor="v1")
    with rebuilt.write() as con:
        fuse.update(con, None)
    assert fused(killed) == fused(rebuilt)
    assert fused(killed)["fuse_relations"], "the fixture fuses into relations"


def test_a_fusion_interval_that_is_not_a_number_is_a_one_line_error(tmp_path: Path) -> None:
    env = {"BACKERS_FUSE_EVERY": "soon"}
    db = str(tmp_path / "x.duckdb")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", db], env=env)
    assert result.exit_code != 0
    assert "BACKERS_FUSE_EVERY='soon' must be a number of seconds" in result.output


def test_backers_fuse_empties_the_outbox_and_says_nothing_waits(tmp_path: Path) -> None:
    sent = "Iran sent drones to Russia, Kirby said."
    a = article("a", with_sentence(story(1), sent), outlet="Wire")
    c = article("c", with_sentence(story(2), "Belarus let Russia use its airfields."))
    claims = {a.id: [claim(a, sent)]}
    claims[c.id] = [claim(c, "Belarus let Russia use its airfields.", supporter="Belarus")]
    killed = Store(tmp_path / "killed.duckdb")
    killed.write_batch([a, c], claims, extractor="v1", after=after_batch)  # then killed
    db = str(tmp_path / "killed.duckdb")
    with killed.read() as con:
        assert outbox.pending(con) == 2

    result = CliRunner().invoke(app, ["fuse", "--db", db])
    assert result.exit_code == 0, result.output
    assert "nothing waits for fusion" in result.output
    with killed.read() as con:
        assert outbox.pending(con) == 0
    rebuilt = Store(tmp_path / "rebuilt.duckdb")
    rebuilt.write_batch([a, c], claims, extractor="v1")
    with rebuilt.write() as con:
        fuse.update(con, None)
    assert fused(killed) == fused(rebuilt)

    (tmp_path / "nothing-new").mkdir()
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "nothing-new"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "nothing waits for fusion" in result.output
    assert "interrupted run" not in result.output
