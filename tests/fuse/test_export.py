"""Exports read back with networkx, csv and the FtM tools; CSV cells are defused."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from backers.query import export
from backers.query.export import csv_cell

from .fuse_builders import add, article, claim, new_store, story, with_sentence


@pytest.fixture
def store(tmp_path):
    """A fresh store file in the test's own folder."""
    return new_store(tmp_path)


@pytest.fixture
def filled(store):
    a = article("e1", with_sentence(story(1), "Iran sent drones."), published="2022-10-05")
    b = article("e2", with_sentence(story(2), "Iran denied it."), published="2023-02")
    c = article("e3", with_sentence(story(3), "=HYPERLINK(x) funds."), outlet="@evil")
    add(
        store,
        [
            (a, [claim(a, "Iran sent drones.", items=["Shahed-136"])]),
            (b, [claim(b, "Iran denied it.", certainty="denied", claimant=None,
                       claimant_affiliation="Iran")]),
            (c, [claim(c, "=HYPERLINK(x) funds.", supporter="+Evil Corp", recipient="Ukraine",
                       type="funding", claimant="-cmd", claimant_affiliation=None)]),
        ],
    )  # fmt: skip
    return store


def _export(store, fmt, table="relations", **filters) -> str:
    buf = io.StringIO()
    with store.read() as con:
        export.export(con, fmt, buf, table=table, **filters)
    return buf.getvalue()


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_formula_cells_are_prefixed(value):
    assert csv_cell(value) == "'" + value


def test_plain_cells_and_numbers_are_kept():
    assert csv_cell("Iran") == "Iran" and csv_cell(-1) == -1 and csv_cell(["a", "b"]) == "a; b"


def test_gexf_reads_back_as_a_dynamic_graph(filled, tmp_path):
    path = tmp_path / "g.gexf"
    path.write_text(_export(filled, "gexf"), encoding="utf-8")
    g = nx.read_gexf(path)
    assert g.is_directed()
    assert set(g.edges()) == {("Iran", "Russia"), ("+Evil Corp", "Ukraine")}
    edge = g.edges["Iran", "Russia"]
    assert edge["start"] == "2022-10-05" and edge["end"] == "2022-10-05"
    assert edge["denied_by"] == "Iran" and edge["sources"] == 1
    assert 'mode="dynamic"' in path.read_text() and 'timeformat="date"' in path.read_text()


def test_graphml_reads_back(filled, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text(_export(filled, "graphml"), encoding="utf-8")
    g = nx.read_graphml(path)
    assert g.edges["Iran", "Russia"]["types"] == "arms"
    assert g.nodes["Iran"]["kind"] == "state"


def test_relations_csv_is_escaped_and_reads_back(filled):
    rows = list(csv.DictReader(io.StringIO(_export(filled, "csv"))))
    evil = next(r for r in rows if r["recipient"] == "Ukraine")
    assert evil["supporter"] == "'+Evil Corp"
    assert evil["claimants_for"].startswith("'-cmd")
    assert evil["outlets"] == "'@evil"
    iran = next(r for r in rows if r["supporter"] == "Iran")
    assert json.loads(iran["confidence_ingredients"])["sources"] == 1


def test_claims_csv_and_jsonl_use_the_contract_keys(filled):
    rows = list(csv.DictReader(io.StringIO(_export(filled, "csv", table="claims"))))
    assert {r["sentence"] for r in rows} >= {"'=HYPERLINK(x) funds.", "Iran sent drones."}
    lines = [json.loads(x) for x in _export(filled, "jsonl", table="claims").splitlines()]
    assert len(lines) == 3
    for key in export.CLAIM_KEYS:
        assert key in lines[0]
    assert isinstance(lines[0]["items"], list)


def test_jsonl_relations_filtered(filled):
    lines = _export(filled, "jsonl", recipient="russia").splitlines()
    assert [json.loads(x)["supporter"] for x in lines] == ["Iran"]


def test_ftm_export_validates_and_links_have_proof(filled, tmp_path):
    path = tmp_path / "ftm.jsonl"
    path.write_text(_export(filled, "ftm"), encoding="utf-8")
    entities = [json.loads(x) for x in path.read_text().splitlines()]
    by_schema: dict[str, list] = {}
    for e in entities:
        by_schema.setdefault(e["schema"], []).append(e)
    assert {"PublicBody", "Organization", "Article", "UnknownLink", "Payment", "Documentation",
            "Person"} <= set(by_schema)  # fmt: skip
    for link in by_schema["UnknownLink"] + by_schema["Payment"]:
        assert link["properties"].get("proof"), link
    assert "from Iran to Russia" in by_schema["UnknownLink"][0]["properties"]["role"][0]
    ids = {e["id"] for e in entities}
    for doc in by_schema["Documentation"]:
        assert doc["properties"]["document"][0] in ids and doc["properties"]["entity"][0] in ids
    from followthemoney import model

    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        for prop, value in proxy.itervalues():
            assert prop.type.clean(value, proxy=proxy) is not None, (prop, value)
        for name in proxy.schema.required:
            assert proxy.get(name), (proxy.schema.name, name)


@pytest.mark.slow
def test_ftm_export_passes_ftm_validate(filled, tmp_path):
    path = tmp_path / "ftm.jsonl"
    path.write_text(_export(filled, "ftm"), encoding="utf-8")
    ftm = Path(sys.executable).parent / "ftm"
    if not ftm.exists():
        pytest.skip("the ftm command is not installed beside this Python")
    done = subprocess.run(
        [str(ftm), "validate", "-i", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == len(path.read_text().splitlines())
