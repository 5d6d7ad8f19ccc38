"""Corrections: checked, applied in every read and in fusion, kept through re-ingest and an
extractor upgrade, and reported (never dropped) when their sentence is gone."""

from __future__ import annotations

import io
import json

import pytest

import backers.extract as extract_pkg
import backers.extract.version as version_mod
from backers.pipeline import ingest
from backers.query import export
from backers.query.corrections import list_corrections
from backers.query.fused import graph, list_relations, relation_evidence
from backers.store import Store
from backers.store.corrections import CorrectionError, Request, UnknownClaim, correct

from .conftest import ARTICLE, DOC, IRAN_SENTENCE, MALI_SENTENCE, claims_of, write_article


def pairs(store: Store) -> set[tuple[str, str, str]]:
    with store.read() as con:
        rows, _ = list_relations(con, limit=1000)
    return {(r["supporter"], r["recipient"], r["type"]) for r in rows}


def test_a_corrected_recipient_moves_the_claim_to_the_other_relation(store, claim_id):
    cid = claim_id("Iran", "Houthis")
    result = correct(
        store,
        Request(cid, changes={"recipient": "hezbollah"}, note="misread", author="tester"),
    )
    assert result["changes"] == {"recipient": "Hezbollah"}  # resolved to the canonical name
    assert ("Iran", "Hezbollah", "arms") in pairs(store)
    assert ("Iran", "Houthis", "arms") not in pairs(store)
    [row] = claims_of(store, supporter="Iran")
    assert row["recipient"] == "Hezbollah"
    fix = row["correction"]
    assert (fix["by"], fix["note"], fix["changed"]) == ("tester", "misread", ["recipient"])
    assert fix["read"]["recipient"] == "Houthis" and fix["at"]
    with store.read() as con:
        trail = relation_evidence(con, "Iran", "Hezbollah")
        assert [c["correction"]["by"] for c in trail["claims"]] == ["tester"]
        assert relation_evidence(con, "Iran", "Houthis")["claims"] == []
        for fmt in ("jsonl", "csv"):
            buf = io.StringIO()
            export.export(con, fmt, buf, table="claims")
            assert "Hezbollah" in buf.getvalue() and "Houthis" in buf.getvalue()  # read as
        buf = io.StringIO()
        export.export(con, "csv", buf)  # relations
        assert "Hezbollah" in buf.getvalue() and "Houthis" not in buf.getvalue()


def test_a_rejected_claim_counts_nowhere_and_stays_stored(store, claim_id):
    cid = claim_id("Russia", "Mali")
    correct(store, Request(cid, action="reject", note="a hypothetical", author="tester"))
    assert not any(p[:2] == ("Russia", "Mali") for p in pairs(store))
    assert claims_of(store, supporter="Russia") == []
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM claims WHERE id = ?", [cid]).fetchone()[0] == 1
        [row] = list_corrections(con)
    assert (row["state"], row["action"], row["note"]) == ("rejected", "reject", "a hypothetical")
    assert row["sentence"] == MALI_SENTENCE


def test_corrections_build_on_each_other_and_undo_restores_the_reading(store, claim_id):
    cid = claim_id("Iran", "Houthis")
    correct(store, Request(cid, changes={"recipient": "Hezbollah"}))
    correct(store, Request(cid, changes={"status": "pledged", "certainty": "alleged"}))
    [row] = claims_of(store, supporter="Iran")
    now = (row["recipient"], row["status"], row["certainty"])
    assert now == ("Hezbollah", "pledged", "alleged")
    with store.read() as con:
        rels, _ = list_relations(con, supporter="Iran", limit=10)
        assert [(r["recipient"], r["status"]) for r in rels] == [("Hezbollah", "pledged")]
        # Claim-level filters read the corrected claims too.
        for certainty, found in (("alleged", 1), ("stated", 0)):
            rels, _ = list_relations(
                con, certainty=[certainty], claimant="United Nations", limit=10
            )
            assert len(rels) == found
        assert graph(con, certainty=["alleged"], outlet=None)["nodes"]
    correct(store, Request(cid, action="undo"))
    [row] = claims_of(store, supporter="Iran")
    assert (row["recipient"], row["status"], row["correction"]) == ("Houthis", "delivered", None)
    assert ("Iran", "Houthis", "arms") in pairs(store)
    with store.read() as con:
        assert list_corrections(con) == []
        assert [r["action"] for r in list_corrections(con, history=True)] == [
            "correct",
            "correct",
            "undo",
        ]


def test_names_resolve_through_the_aliases(store, claim_id):
    result = correct(store, Request(claim_id("Russia", "Mali"), changes={"supporter": "Wagner"}))
    assert result["now"]["supporter"] == "Wagner Group"
    assert ("Wagner Group", "Mali", "personnel") in pairs(store)


@pytest.mark.parametrize(
    ("changes", "action", "message"),
    [
        ({"type": "weapons"}, "correct", "'weapons' is not one of arms, personnel"),
        ({"recipient": "Hezbolah"}, "correct", "did you mean Hezbollah"),
        ({"recipient": "Iran"}, "correct", "supporter and recipient would both be 'Iran'"),
        ({"recipient": "Houthis"}, "correct", "nothing to correct"),
        ({}, "correct", "say what to correct"),
        ({"status": "pledged"}, "reject", "--reject takes no new values"),
    ],
)
def test_bad_corrections_are_refused_and_nothing_is_written(
    store, claim_id, changes, action, message
):
    before = pairs(store)
    with pytest.raises(CorrectionError, match=message):
        correct(store, Request(claim_id("Iran", "Houthis"), action=action, changes=changes))
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
    assert pairs(store) == before


def test_an_unknown_claim_id_is_named(store):
    with pytest.raises(UnknownClaim, match="0000000000000000: no stored claim has this id"):
        correct(store, Request("0000000000000000", action="reject"))


def test_corrections_survive_an_extractor_upgrade_and_a_new_version_of_the_text(
    store, claim_id, articles, monkeypatch
):
    """Correct, re-ingest under another extractor version, then a changed text (claim ids
    change): the correction still applies. Then a text without the sentence: the
    correction is reported as orphaned, not lost."""
    first = claim_id("Iran", "Houthis")
    correct(store, Request(first, changes={"recipient": "Hezbollah"}, author="tester"))
    who = {"claimant": "Jean Dupont", "claimant_affiliation": "France"}
    supplied = {"items": ["military advisers", "instructors"]}
    correct(store, Request(claim_id("Russia", "Mali"), changes={**who, **supplied}))
    correct(store, Request(first, changes={"items": "Shahed-136, drones"}, author="tester"))

    def claimant_and_items_still_apply() -> None:
        [mali] = claims_of(store, supporter="Russia")
        assert (mali["claimant"], mali["claimant_affiliation"]) == ("Jean Dupont", "France")
        assert mali["items"] == ["military advisers", "instructors"]
        [iran] = claims_of(store, supporter="Iran")
        assert iran["items"] == ["Shahed-136", "drones"] and iran["recipient"] == "Hezbollah"
        with store.read() as con:  # fusion reads them too
            [rel] = list_relations(con, supporter="Russia", recipient="Mali")[0]
        assert [c["name"] for c in rel["claimants_for"]] == ["Jean Dupont"]
        assert set(rel["items"]) >= {"instructors"}

    monkeypatch.setattr(version_mod, "EXTRACTOR_VERSION", "rules-upgraded-for-test")
    monkeypatch.setattr(extract_pkg, "EXTRACTOR_VERSION", "rules-upgraded-for-test")
    report = ingest([str(articles)], store)
    assert report.reextracted == 1
    with store.read() as con:
        assert con.execute("SELECT DISTINCT extractor FROM claims").fetchall() == [
            ("rules-upgraded-for-test",)
        ]
    assert ("Iran", "Hezbollah", "arms") in pairs(store)
    assert ("Iran", "Houthis", "arms") not in pairs(store)
    claimant_and_items_still_apply()

    # A second version of the article: a new paragraph before the sentence shifts every
    # offset and changes the article's id, so every claim id changes.
    update = "\n\nUpdated on Wednesday with the panel's report.\n\n"
    write_article(articles, ARTICLE.replace("\n\n", update, 1))
    assert ingest([str(articles)], store).stored == 1
    [row] = claims_of(store, supporter="Iran")
    assert row["id"] != first and row["sentence"] == IRAN_SENTENCE
    assert row["recipient"] == "Hezbollah" and row["correction"]["by"] == "tester"
    with store.read() as con:
        [listed] = [r for r in list_corrections(con) if r["supporter"] == "Iran"]
        assert [r["state"] for r in list_corrections(con)] == ["applied", "applied"]
    assert (listed["state"], listed["current_claim"]) == ("applied", row["id"])
    claimant_and_items_still_apply()

    # A third version without the sentence: nothing matches the correction any more.
    write_article(articles, ARTICLE.replace(IRAN_SENTENCE + "\n\n", ""))
    assert ingest([str(articles)], store).stored == 1
    assert claims_of(store, supporter="Iran") == []
    with store.read() as con:
        [listed] = list_corrections(con, state="orphaned")
        assert sorted(r["state"] for r in list_corrections(con)) == ["applied", "orphaned"]
    assert listed["state"] == "orphaned" and listed["matched_claims"] == 0
    assert listed["sentence"] == IRAN_SENTENCE and listed["doc_id"] == DOC
    assert json.dumps(listed)  # exportable as it is


def test_a_store_without_corrections_reads_as_before(store):
    """The subquery is transparent: every stored claim of the current text, unchanged."""
    with store.read() as con:
        raw = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    rows = claims_of(store)
    assert len(rows) == raw == 2
    assert all(r["correction"] is None for r in rows)


def test_claimant_and_items_are_corrected_cleared_and_undone(store, claim_id):
    """Who claims it and what is supplied are corrected like the other fields: every read
    and fusion see the new values, "" (or []) says none, and undo restores the reading."""
    cid = claim_id("Iran", "Houthis")
    [read] = claims_of(store, supporter="Iran")
    result = correct(store, Request(cid, changes={"claimant": "", "items": []}))
    assert result["now"]["claimant"] is None and result["now"]["items"] == []
    [row] = claims_of(store, supporter="Iran")
    assert (row["claimant"], row["claimant_affiliation"]) == (None, read["claimant_affiliation"])
    assert row["items"] == []
    assert set(row["correction"]["changed"]) == {"claimant", "items"}
    assert row["correction"]["read"]["items"] == read["items"]
    with store.read() as con:
        [rel] = list_relations(con, supporter="Iran")[0]
        assert rel["items"] == []
        [listed] = list_corrections(con)
    assert (listed["set_claimant"], listed["set_items"]) == ("", [])

    result = correct(store, Request(cid, changes={"claimant": "Ana  Lima"}, note="named"))
    assert result["changes"]["claimant"] == "Ana Lima"  # spacing folded
    assert result["now"]["items"] == []  # the first correction still holds
    [row] = claims_of(store, claimant="ana lima")  # the claimant filter finds the new name
    assert row["id"] == cid
    with store.read() as con:
        edge = graph(con, supporter="Iran")["edges"][0]
    assert any("Ana Lima" in label for label in edge["claimants"])

    correct(store, Request(cid, action="undo"))
    [row] = claims_of(store, supporter="Iran")
    assert (row["claimant"], row["items"]) == (read["claimant"], read["items"])
    assert row["correction"] is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"items": ["x" * 201]}, "items: at most 50 items"),
        ({"claimant_affiliation": "Atlantis Republic"}, "unknown actor 'Atlantis Republic'"),
        ({"items": [1, 2]}, "items must be a list of names"),
    ],
)
def test_bad_claimant_and_items_are_refused(store, claim_id, changes, message):
    with pytest.raises(CorrectionError, match=message):
        correct(store, Request(claim_id("Iran", "Houthis"), changes=changes))
    with store.read() as con:
        assert list_corrections(con) == []
