"""The prefilter: what it keeps, that it follows the data files, and that it loses no
claim and no gold quote."""

from __future__ import annotations

import dataclasses

import pytest

from backers.records import BODY, Article, Section

pytestmark = [pytest.mark.model]

FILLER = (
    "The city council met on Tuesday to discuss the new bus timetable.\n\n"
    "Residents complained about the noise of the night trains.\n\n"
    "The weather stayed mild for most of the week.\n\n"
    "A local bakery won a prize for its sourdough bread.\n\n"
)
CLAIM = "Iran sent hundreds of drones to Russia last year, officials said.\n\n"


def body_article(text: str, doc_id: str = "t") -> Article:
    return Article(
        doc_id=doc_id,
        text=text,
        sections=[Section(BODY, 0, len(text))],
        source="test",
        published="2024-03-15",
        published_precision="day",
    )


@pytest.fixture(scope="module")
def nlp():
    from backers.nlp import load_pipeline

    return load_pipeline()


def test_keeps_the_claim_sentence_with_its_neighbours_and_drops_the_rest(nlp):
    from backers.batch.extraction import kept_stretches

    text = FILLER * 3 + CLAIM + FILLER * 3
    art = body_article(text)
    stretches = kept_stretches(art, nlp)
    kept = " ".join(t for _, t in stretches)
    assert CLAIM.strip() in kept
    assert "sourdough" in kept  # the sentence before the claim: context for its roles
    assert "city council" in kept  # the sentence after
    assert len(kept) < len(text) / 3
    for offset, stretch in stretches:  # offsets point into the cleaned text
        assert art.text[offset : offset + len(stretch)] == stretch


def test_an_article_without_a_trigger_is_not_parsed(nlp):
    from backers.batch.extraction import FilterStats, extract_claims

    stats = FilterStats()
    found = extract_claims([body_article(FILLER * 5)], nlp, prefilter=True, stats=stats)
    assert found == [[]]
    assert (stats.articles, stats.parsed_articles, stats.kept_words) == (1, 0, 0)
    assert stats.words > 0


def test_a_trigger_without_any_actor_near_is_dropped(nlp):
    from backers.batch.extraction import kept_stretches

    lonely = "The bakery will supply bread to the school.\n\n"
    assert kept_stretches(body_article(FILLER * 2 + lonely + FILLER * 2), nlp) == []


def test_a_quotation_is_kept_whole_with_the_sentence_naming_its_speaker(nlp):
    from backers.batch.extraction import kept_stretches

    quote = (
        '"We have seen the trains run late. Russia has received drones from Iran. '
        'Nobody should doubt it."\n\nThe minister said so on Monday.\n\n'
    )
    text = FILLER * 3 + quote + FILLER * 3
    kept = " ".join(t for _, t in kept_stretches(body_article(text), nlp))
    assert "We have seen the trains run late." in kept
    assert "The minister said so on Monday." in kept


def test_claims_are_the_same_with_and_without_the_prefilter(nlp):
    from backers.batch.extraction import extract_claims

    text = (
        FILLER
        + "North Korea has shipped artillery shells to Russia, the White House said.\n\n"
        + FILLER
        + "Iran-backed militias in Iraq received rockets from Tehran.\n\n"
        + FILLER * 2
        + "Germany pledged air defence systems to Ukraine. It also promised tanks.\n\n"
        + FILLER
    )
    arts = [body_article(text, "a"), body_article(FILLER * 3, "b")]

    def keys(found):
        return [
            sorted((c.supporter, c.recipient, c.type, c.status, c.start, c.end) for c in cs)
            for cs in found
        ]

    with_filter = extract_claims(arts, nlp, prefilter=True)
    without = extract_claims(arts, nlp, prefilter=False)
    assert keys(with_filter) == keys(without)
    assert with_filter[0], "the written article has claims"


def test_the_trigger_words_come_from_the_lexicon_data(nlp, monkeypatch):
    """A verb the lead adds to lexicon.yaml is followed without a change to the prefilter."""
    import importlib

    from backers.nlp.prefilter import build_prefilter

    lexicon_module = importlib.import_module("backers.extract.lexicon")
    sentence = "Turkey airlifted crates to Azerbaijan."
    text = FILLER * 2 + sentence
    before = build_prefilter(nlp)
    assert before.keep(text) == []
    lex = lexicon_module.lexicon()
    grown = dataclasses.replace(lex, verbs={**lex.verbs, "airlift": {"frame": "give"}})
    monkeypatch.setattr(lexicon_module, "lexicon", lambda: grown)
    assert text[slice(*build_prefilter(nlp).keep(text)[-1])].endswith(sentence)


def test_a_new_trigger_table_of_the_lexicon_is_followed(nlp, monkeypatch):
    """A section mapping words to specs, as verbs and nouns do ("relation_nouns"), is a
    trigger table whatever its name."""
    import importlib

    from backers.nlp.prefilter import build_prefilter

    gazetteer_module = importlib.import_module("backers.nlp.gazetteer")
    original = gazetteer_module.load_data

    def load_data(name):
        data = original(name)
        if name == "lexicon.yaml":
            data = {**data, "patron_words": {"godfather": {"role": "supporter"}}}
        return data

    text = FILLER * 2 + "Turkey is the godfather of Azerbaijan."
    assert build_prefilter(nlp).keep(text) == []
    monkeypatch.setattr(gazetteer_module, "load_data", load_data)
    assert text[slice(*build_prefilter(nlp).keep(text)[-1])].endswith("Azerbaijan.")


def test_the_actor_names_come_from_the_gazetteers(nlp, monkeypatch):
    import importlib

    from backers.nlp.gazetteer import Name
    from backers.nlp.prefilter import build_prefilter

    gazetteer_module = importlib.import_module("backers.nlp.gazetteer")
    sentence = "The Zorbanian militia received rifles from Russia last spring."
    text = FILLER * 2 + sentence
    assert build_prefilter(nlp).keep(text) == []
    gaz = gazetteer_module.gazetteer()
    grown = dataclasses.replace(
        gaz, names={**gaz.names, "zorbanian": Name("demonym", "Zorbania", "Zorbania")}
    )
    monkeypatch.setattr(gazetteer_module, "gazetteer", lambda: grown)
    assert text[slice(*build_prefilter(nlp).keep(text)[-1])].endswith(sentence)


def test_the_setting_is_strict(monkeypatch):
    from backers.errors import BackersError
    from backers.nlp.prefilter import enabled

    monkeypatch.setenv("BACKERS_PREFILTER", "0")
    assert enabled() is False
    monkeypatch.setenv("BACKERS_PREFILTER", "on")
    assert enabled() is True
    monkeypatch.setenv("BACKERS_PREFILTER", "maybe")
    with pytest.raises(BackersError, match="BACKERS_PREFILTER"):
        enabled()


@pytest.mark.shared
def test_the_prefilter_keeps_99_percent_of_gold_quotes(nlp, shared):
    """Every gold set's quotes (the check set only as a figure) must survive the filter."""
    from backers.nlp.prefilter_check import measure_all

    golds = [
        shared("eval", name)
        for name in ("seeds.gold.jsonl", "dev.gold.jsonl", "train.gold.jsonl", "check.gold.jsonl")
    ]
    corpus = [
        shared("seeds"),
        shared("corpus", "news.jsonl"),
        shared("corpus", "allsides-annotated.jsonl"),
    ]
    results = measure_all(golds, corpus, nlp, measure_only={"check.gold.jsonl"})
    located = sum(r.located for r in results)
    kept = sum(r.kept for r in results)
    assert located > 300
    low = {r.gold: r.figures()["recall"] for r in results if r.recall < 0.99}
    assert kept / located >= 0.99 and not low, low
