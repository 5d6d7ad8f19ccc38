"""The role patterns of data/patterns.yaml: every pattern reads the sentence it shows, and
the file's language is strict (a typo is an error naming the step, not a dead pattern)."""

from __future__ import annotations

import copy

import pytest

from backers.extract.patterns import PatternError, build_patterns, patterns
from backers.extract.roles import check
from backers.nlp.gazetteer import load_data


def test_every_pattern_shows_a_sentence_and_every_step_is_known() -> None:
    pats = check(patterns())
    steps = [s for group in pats.frames.values() for s in group]
    examples = dict(pats.examples())
    assert {s.id for s in steps if not s.resolver} == set(examples)
    assert all(examples.values())


@pytest.mark.model
@pytest.mark.parametrize(("pattern", "sentence"), patterns().examples())
def test_each_pattern_reads_its_example(extract, pattern: str, sentence: str) -> None:
    claims = extract(sentence)
    assert any(pattern in c.rules for c in claims), [(c.supporter, c.rules) for c in claims]


def _raw() -> dict:
    return copy.deepcopy(load_data("patterns.yaml"))


def _first_pattern(raw: dict) -> dict:
    return next(s for s in raw["frames"]["give"]["steps"] if "id" in s)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: _first_pattern(raw).update(slto="doer"), "unknown key"),
        (lambda raw: _first_pattern(raw).update(slot="subjet"), "unknown slot"),
        (lambda raw: _first_pattern(raw).update(role="giver"), "role must be"),
        (lambda raw: _first_pattern(raw).update(voice="middle"), "voice must be"),
        (lambda raw: raw["slots"].update(bad={"path": "of[$no_such_set]"}), "unknown set"),
        (lambda raw: raw["slots"].update(bad={"path": "dobj >> nsubj"}), "cannot read"),
        (
            lambda raw: raw["frames"]["give"]["steps"].append(dict(_first_pattern(raw))),
            "used twice",
        ),
    ],
)
def test_a_typo_in_the_file_is_an_error_naming_it(change, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(PatternError, match=message):
        build_patterns(raw)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: _first_pattern(raw).update(when=["names-actr"]), "unknown test"),
        (lambda raw: raw["frames"]["give"]["steps"].append({"resolver": "nope"}), "resolver"),
        (lambda raw: raw["slots"].update(ghost={"code": True}), "no code reads it"),
    ],
)
def test_a_name_the_code_does_not_know_is_an_error(change, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(PatternError, match=message):
        check(build_patterns(raw))
