"""A fast first pass that finds the sentences that can carry a support claim.

Most sentences of a news feed cannot: a claim needs a support trigger (a verb or noun of the
extraction lexicon: "sent", "aid", "Iran-backed") with an actor within reach. This pass
finds those with plain string work (a regex sentence split, a per-word lemma guess and
set look-ups of n-grams), keeps them with the context that attribution and role filling
read (the sentence before and after, whole quotations with the sentence that names their
speaker, fact-check verdicts), and hands only those stretches to the parser and NER.
An article with none never reaches the model.

Every word list comes from the data files at load time (``lexicon.yaml``, ``cues.yaml``
and the gazetteers: ``states.yaml``, ``organisations.yaml``, ``people.yaml``, ...), and
the inflected forms from the spaCy model's own lemmatizer tables, so a lexicon entry or
gazetteer name added there is followed here without a change. The extractor's own
hard-coded trigger sets (participles such as "backed", movement verbs) are read from its
module for the same reason. ``BACKERS_PREFILTER=0`` turns the pass off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from backers import settings

# Sentence ends: . ! ? (with closing quotes or brackets) before whitespace, or a line
# break. The text is unwrapped first, so a single newline is a paragraph break.
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(\s+)|(\s*\n\s*)")
_WORD = re.compile(r"\S+")
_NON_WORD = re.compile(r"[^\w]")
_HYPHEN = re.compile(r"[-–—_]+")
_LEAD = re.compile(r"^[^\w]+")
# Longest gazetteer name looked for, in words ("Islamic Revolutionary Guard Corps Navy").
_MAX_NAME_WORDS = 6


def enabled() -> bool:
    """The PREFILTER setting: on unless set to 0/false/off/no."""
    return settings.as_bool(settings.PREFILTER)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (a cheap split; the parser makes the
    real one over what is kept). A sentence keeps its closing quotes and brackets."""
    spans = []
    start = 0
    for m in _SENT_END.finditer(text):
        cut = m.start(1) if m.start(1) >= 0 else m.start(2)
        if cut > start and text[start:cut].strip():
            spans.append((start, cut))
        start = m.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


@dataclass
class Lemmas:
    """Lemma guesses for a word with no context: the model's exception tables and suffix
    rules for verbs and nouns, applied the way spaCy's rule lemmatizer does."""

    rules: list[tuple[str, str]]
    exceptions: dict[str, set[str]]
    _cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def of(self, word: str) -> frozenset[str]:
        found = self._cache.get(word)
        if found is not None:
            return found
        out = {word}
        out.update(self.exceptions.get(word, ()))
        for old, new in self.rules:
            if old and word.endswith(old) and len(word) > len(old):
                stem = word[: len(word) - len(old)] + new
                out.add(stem)
                # "shipped" -> "shipp" -> "ship": a doubled final consonant
                if len(stem) > 2 and stem[-1] == stem[-2] and not new:
                    out.add(stem[:-1])
        found = frozenset(out)
        if len(self._cache) < 200_000:
            self._cache[word] = found
        return found


def model_lemmas(nlp) -> Lemmas:
    """Lemma rules and exceptions from the pipeline's lemmatizer (verbs and nouns); plain
    English suffix rules where the pipeline has none."""
    rules: list[tuple[str, str]] = []
    exceptions: dict[str, set[str]] = {}
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        rule_table = lookups.get_table("lemma_rules")
        exc_table = lookups.get_table("lemma_exc")
        for pos in ("verb", "noun"):
            for old, new in rule_table.get(pos, []):
                rules.append((old, new))
            for form, lemmas in exc_table.get(pos, {}).items():
                exceptions.setdefault(form.lower(), set()).update(x.lower() for x in lemmas)
    except (KeyError, ValueError, AttributeError):
        pass
    if not rules:
        rules = [("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y")]
        rules += [("ing", ""), ("ing", "e"), ("ings", ""), ("ings", "e")]
    return Lemmas(rules=sorted(set(rules)), exceptions=exceptions)


def _key(word: str) -> str:
    """A word as the gazetteer keys names (see ``normalise``): quotes and case folded, a
    possessive dropped, punctuation off."""
    word = word.replace("’", "'").casefold()
    if word.endswith("'s"):
        word = word[:-2]
    return _NON_WORD.sub("", word)


@dataclass
class _Sentence:
    start: int
    end: int
    trigger: bool
    actors: frozenset[str]


@dataclass
class Prefilter:
    """Which stretches of a text can carry a claim. Built once per process by
    :func:`build_prefilter` from the data files and the model's lemmatizer tables."""

    trigger_lemmas: frozenset[str]
    trigger_forms: frozenset[str]  # surface forms that trigger whatever their lemma
    actor_names: dict[str, str]  # normalised gazetteer name -> the actor it stands for
    verdicts: tuple[str, ...]
    lemmas: Lemmas
    context: int = 1  # sentences kept on either side of a candidate
    reach: int = 1  # sentences on either side in which a candidate's actors are looked for
    min_text_actors: int = 2  # distinct actors a text must name to be read at all
    min_near_actors: int = 2  # distinct actors (supporter, recipient) within reach
    paragraphs: bool = True  # keep whole paragraphs: the parser reads them as in the full text
    # Gaps of up to this many sentences between kept ones are kept too: the extractor
    # lends roles across that many sentences, and a dropped gap would bring earlier claims
    # into reach that the full text keeps out of it.
    bridge: int = 5

    # -- one sentence ---------------------------------------------------------------
    def words(self, sentence: str) -> list[tuple[str, bool]]:
        """(key, capitalised) of each word; hyphenated parts apart ("Iran-backed")."""
        out = []
        for token in _WORD.findall(sentence):
            for part in _HYPHEN.split(token):
                key = _key(part)
                if key:
                    out.append((key, _LEAD.sub("", part)[:1].isupper()))
        return out

    def has_trigger(self, words: list[tuple[str, bool]]) -> bool:
        forms, lemmas, guess = self.trigger_forms, self.trigger_lemmas, self.lemmas.of
        for word, _ in words:
            if word in forms or not lemmas.isdisjoint(guess(word)):
                return True
        return False

    def actors(self, words: list[tuple[str, bool]]) -> frozenset[str]:
        """The actors named (a capitalised gazetteer name of up to a few words)."""
        names = self.actor_names
        found: set[str] = set()
        n = len(words)
        for i in range(n):
            gram, upper = words[i]
            if upper and (actor := names.get(gram)):
                found.add(actor)
            for j in range(i + 1, min(n, i + _MAX_NAME_WORDS)):
                gram += " " + words[j][0]
                upper = upper or words[j][1]
                if upper and (actor := names.get(gram)):
                    found.add(actor)
        return frozenset(found)

    def sentences(self, text: str) -> list[_Sentence]:
        out = []
        for s, e in split_sentences(text):
            words = self.words(text[s:e])
            out.append(_Sentence(s, e, self.has_trigger(words), self.actors(words)))
        return out

    # -- a whole text -------------------------------------------------------------------
    def keep(self, text: str) -> list[tuple[int, int]]:
        """The character ranges of ``text`` to parse, in order, not overlapping.

        Nothing when the text names fewer than ``min_text_actors`` actors (a claim needs a
        supporter and a recipient). Else each candidate sentence (a trigger, with an actor
        named in it or within ``reach``) with ``context`` sentences on either side, every
        quotation it touches with the sentence after it, and every sentence that passes a
        fact-check verdict."""
        sents = self.sentences(text)
        if not any(s.trigger for s in sents):
            return []
        named: set[str] = set()
        for s in sents:
            named |= s.actors
        if len(named) < self.min_text_actors:
            return []
        n = len(sents)
        keep = [False] * n
        for i, sent in enumerate(sents):
            if not sent.trigger:
                continue
            lo, hi = max(0, i - self.reach), min(n, i + self.reach + 1)
            near: set[str] = set()
            for k in range(lo, hi):
                near |= sents[k].actors
            if len(near) >= self.min_near_actors:
                for k in range(max(0, i - self.context), min(n, i + self.context + 1)):
                    keep[k] = True
        if not any(keep):
            return []
        lowered = text.lower()
        if any(v in lowered for v in self.verdicts):
            for k, sent in enumerate(sents):
                chunk = lowered[sent.start : min(len(text), sent.end + 2)]
                if any(v in chunk for v in self.verdicts):
                    keep[k] = True
        self._widen_to_quotes(text, sents, keep)
        if self.paragraphs:
            _widen_to_paragraphs(text, sents, keep)
        _bridge(keep, self.bridge)
        ranges: list[tuple[int, int]] = []
        for k, sent in enumerate(sents):
            if not keep[k]:
                continue
            if ranges and not text[ranges[-1][1] : sent.start].strip():
                ranges[-1] = (ranges[-1][0], sent.end)
            else:
                ranges.append((sent.start, sent.end))
        return ranges

    def _widen_to_quotes(self, text: str, sents: list[_Sentence], keep: list[bool]) -> None:
        """A kept sentence inside a quotation keeps the whole quotation and the sentence
        after it (where "..., he said" names the speaker)."""
        from backers.extract.attribution import quote_spans

        if not any(ch in text for ch in "\"“”‘’'"):
            return
        for qs, qe in quote_spans(text):
            inside = [k for k, s in enumerate(sents) if s.start < qe and s.end > qs]
            if not inside or not any(keep[k] for k in inside):
                continue
            for k in inside:
                keep[k] = True
            after = inside[-1] + 1
            if after < len(sents):
                keep[after] = True


def _widen_to_paragraphs(text: str, sents: list[_Sentence], keep: list[bool]) -> None:
    """Keep every sentence of a paragraph one of whose sentences is kept, so each stretch
    starts where the parser would start a paragraph of the full text."""
    para: list[int] = []
    groups: list[list[int]] = []
    for k, sent in enumerate(sents):
        if para and "\n" in text[sents[k - 1].end : sent.start]:
            groups.append(para)
            para = []
        para.append(k)
    if para:
        groups.append(para)
    for group in groups:
        if any(keep[k] for k in group):
            for k in group:
                keep[k] = True


def _bridge(keep: list[bool], most: int) -> None:
    """Keep the sentences of every gap of at most ``most`` sentences between kept ones."""
    last = None
    for k, kept in enumerate(keep):
        if not kept:
            continue
        if last is not None and 0 < k - last - 1 <= most:
            for g in range(last + 1, k):
                keep[g] = True
        last = k


def _extractor_constants() -> tuple[set[str], set[str]]:
    """Trigger words the extractor keeps in code rather than data: participle forms
    ("backed") and movement verbs. Read from its module so a change there is followed."""
    forms: set[str] = set()
    lemmas: set[str] = set()
    try:
        from backers.extract import events
    except ImportError:
        return forms, lemmas
    participles = getattr(events, "PARTICIPLES", {}) or {}
    forms.update(str(k).lower() for k in participles)
    for value in participles.values():
        if isinstance(value, tuple | list) and value:
            lemmas.add(str(value[0]).lower())
    lemmas.update(str(x).lower() for x in getattr(events, "MOVE_VERBS", ()) or ())
    return forms, lemmas


def _flatten(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield str(key)
            yield from _flatten(sub)
    elif isinstance(value, list | tuple | set | frozenset):
        for sub in value:
            yield from _flatten(sub)


def build_prefilter(nlp) -> Prefilter:
    """The prefilter of the current data files, with ``nlp``'s lemmatizer tables."""
    from backers.extract.lexicon import lexicon
    from backers.nlp.gazetteer import gazetteer, load_data

    lex = lexicon()
    # Event verbs and nouns, the verbs that set their status, and the words for what is
    # given (items, their modifiers, personnel): gold claims the lexicon's verbs miss
    # ("troops in Iraq", "Syrian ally Russia") still carry one of these.
    lemmas: set[str] = set(lex.verbs) | set(lex.nouns) | set(lex.use_verbs)
    lemmas |= set(lex.governors) | set(lex.item_types) | set(lex.item_modifiers)
    lemmas |= set(lex.personnel_heads) | set(lex.declaring_verbs) | set(lex.fight_verbs)
    raw = load_data("lexicon.yaml") or {}
    for name, value in raw.items():
        # Every trigger table (a section mapping words to their specs, as verbs and nouns
        # do: "relation_nouns", and whatever table the lexicon gains next), and any word
        # list under a name that says it holds triggers.
        if (
            isinstance(value, dict)
            and value
            and all(isinstance(spec, dict) or spec is None for spec in value.values())
        ):
            lemmas.update(str(word).lower() for word in value)
        elif "trigger" in str(name).lower():
            lemmas.update(w.lower() for w in _flatten(value))
    lemmas = {w for w in lemmas if " " not in w}
    forms, code_lemmas = _extractor_constants()
    lemmas |= code_lemmas
    try:
        from backers.extract import CONTEXT_SENTENCES as bridge
    except ImportError:
        bridge = 5
    gaz = gazetteer()
    actors = {key: name.actor for key, name in gaz.names.items() if name.actor}
    return Prefilter(
        trigger_lemmas=frozenset(x.lower() for x in lemmas),
        trigger_forms=frozenset(forms),
        actor_names=actors,
        verdicts=tuple(v.lower() for v in lex.verdicts),
        lemmas=model_lemmas(nlp),
        bridge=int(bridge),
    )


@lru_cache(maxsize=4)
def prefilter(model: str | None = None) -> Prefilter:
    """The process's prefilter for the pipeline ``model`` (built once)."""
    from backers.nlp import load_pipeline

    return build_prefilter(load_pipeline(model))
