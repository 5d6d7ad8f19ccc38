"""The committed model file: pinned, readable, refused when edited, and free of names."""

from __future__ import annotations

import json

import pytest

from backers.errors import BackersError
from backers.extract import learned
from backers.nlp.gazetteer import gazetteer


def test_the_committed_model_loads_and_its_hash_matches():
    assert learned.sha256_of(learned.MODEL_PATH) == learned.MODEL_SHA256
    model = learned.load_model()
    head = model["heads"]["type"]
    assert len(head["classes"]) == len(head["intercept"]) >= 2
    assert all(len(row) == len(head["classes"]) for row in head["weights"].values())


def test_an_edited_model_is_refused(tmp_path):
    edited = tmp_path / "retype.json"
    model = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    model["heads"]["type"]["margin"] = 0.0
    edited.write_text(json.dumps(model), encoding="utf-8")
    with pytest.raises(BackersError, match="hash does not match"):
        learned.load_model(edited, learned.MODEL_SHA256)


def test_no_feature_names_an_actor():
    """The model learns how sentences say support, never who backs whom."""
    gaz = gazetteer()
    model = learned.load_model()
    named = []
    for head in model["heads"].values():
        for feature in head["weights"]:
            for value in feature.split("=", 1)[-1].split("*"):
                found = gaz.lookup(value)
                if found is not None and found.kind != "weapon":
                    named.append(feature)
    assert named == []
