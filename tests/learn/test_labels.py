"""Labelling the rules' claims from gold (pure: hand-made claims and gold)."""

from __future__ import annotations

from backers.learn.data import label, same_sentence

SENT = "Canada sent military instructors to Estonia to train its gunners."


def _claim(typ, status="delivered", sentence=SENT, start=0):
    return {
        "supporter": "Canada",
        "recipient": "Estonia",
        "type": typ,
        "status": status,
        "sentence": sentence,
        "start": start,
    }


def _gold(*supports):
    return {"doc": "d", "supports": list(supports)}


def _support(typ, status="delivered", quote=SENT, optional=False):
    return {
        "supporter": "Canada",
        "recipient": "Estonia",
        "type": typ,
        "status": status,
        "quote": quote,
        "optional": optional,
    }


def test_a_quote_aligns_with_its_sentence_despite_spacing_and_quote_marks():
    assert same_sentence("Canada sent  military instructors", SENT)
    assert same_sentence("“We will,” she said.", '"We will," she said.')
    assert not same_sentence("Norway pledged tanks to Latvia.", SENT)


def test_the_gold_type_of_the_quoted_sentence_is_the_label():
    [ex] = label(_gold(_support("training")), [(_claim("personnel"), ["f"])])
    assert (ex.type_label, ex.status_label, ex.why) == ("training", "delivered", "quote")


def test_a_claim_whose_tuple_gold_quotes_elsewhere_is_right_as_it_is():
    other = "Canada has long backed Estonia."
    [ex] = label(
        _gold(_support("personnel", quote=other)),
        [(_claim("personnel"), ["f"])],
    )
    assert (ex.type_label, ex.why) == ("personnel", "tuple elsewhere")


def test_another_sentence_with_another_type_is_no_negative():
    """Gold keeps one quote per tuple: a claim of a found tuple's pair elsewhere teaches
    nothing."""
    other = "Canada has long backed Estonia."
    claims = [(_claim("personnel"), ["f"]), (_claim("funding", sentence=other, start=99), ["g"])]
    examples = label(_gold(_support("personnel")), claims)
    assert [ex.type_label for ex in examples] == ["personnel", None]


def test_a_pair_gold_does_not_have_is_left_out():
    claim = _claim("arms") | {"recipient": "Latvia"}
    [ex] = label(_gold(_support("training")), [(claim, ["f"])])
    assert ex.type_label is None and ex.status_label is None
