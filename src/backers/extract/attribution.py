"""Who asserts a claim: the reporting frame around it.

Three ways a sentence is attributed, tried in order:
1. it sits inside a quote (straight, curly or single quotes): the quote's speaker is the
   subject of the reporting verb outside the quotes in the same paragraph ("'...,' Kirby
   said"), or, for a paragraph that is all quote, the speaker of the previous quote;
2. a reporting verb governs it ("Kirby said that ...", "X accused Y of supplying ..."), or
   "according to X" names the source;
3. otherwise the outlet says it in its own voice: claimant None.
Pronouns and role nouns ("he", "the spokesman") resolve to the last speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from backers.extract.entities import DocNames, Speaker
from backers.extract.lexicon import Lexicon

_OPEN = {"“": "”", '"': '"', "‘": "’", "'": "'"}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted passages (inside the marks), quotes closed within a
    paragraph. A single quote opens only at a word start and closes only at a word end, so
    apostrophes ("Russia's", "aren't") are not quotes."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        ptext, base = para.group(0), para.start()
        i, n = 0, len(ptext)
        while i < n:
            ch = ptext[i]
            if ch in _OPEN and _opens(ptext, i):
                close = _OPEN[ch]
                j = i + 1
                while j < n:
                    if ptext[j] == close and _closes(ptext, j, ch):
                        break
                    j += 1
                if j < n and j - i > 3:
                    spans.append((base + i + 1, base + j))
                    i = j + 1
                    continue
            i += 1
    return spans


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "'‘":
        return (before.isspace() or before in "([—–-") and (after.isalnum() or after in "[(")
    return not after.isspace() or text[i] == "“"


def _closes(text: str, j: int, opener: str) -> bool:
    before = text[j - 1] if j > 0 else " "
    after = text[j + 1] if j + 1 < len(text) else " "
    if opener in "'‘":
        return not before.isspace() and not after.isalnum()
    return True


@dataclass(frozen=True)
class Frame:
    """The reporting frame of one event: who claims it, through which verb."""

    speaker: Speaker | None
    cue: Token | None  # the reporting verb (or "according")
    in_quote: bool


def _subject(verb: Token) -> Token | None:
    """The verb's subject; of several (a dateline such as "CITY (Agency) —" parsed as a
    second subject), the one nearest before the verb."""
    found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    before = [c for c in found if c.i < verb.i]
    if before:
        return before[-1]
    if found:
        return found[0]
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
        return _subject(verb.head)
    return None


def verb_speaker(verb: Token, names: DocNames) -> Speaker | None:
    """The speaker of a reporting verb: its subject, resolved; a passive one has none here
    ("Iran has been accused of ...": the subject is who is spoken of)."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    subj = _subject(verb)
    if subj is None:
        # "..., to Ukraine, the country's minister said": the parser hung the speaker on
        # the previous noun as an apposition; the noun right before the verb speaks
        prev = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
        if prev is not None and prev.dep_ == "appos" and prev.pos_ in ("NOUN", "PROPN"):
            return names.speaker_of(prev)
        return None
    return names.speaker_of(subj)


def reporting_verbs(doc: Doc, lex: Lexicon, quotes: list[tuple[int, int]]) -> list[Token]:
    """Reporting verbs outside quotes, in order."""
    found = []
    for tok in doc:
        if tok.lemma_ in lex.reporting_verbs and tok.pos_ in ("VERB", "AUX"):
            if not in_spans(tok.idx, quotes):
                found.append(tok)
    return found


def in_spans(idx: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= idx < end for start, end in spans)


def span_of(idx: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    for start, end in spans:
        if start <= idx < end:
            return (start, end)
    return None


def assign_quote_speakers(
    doc: Doc, names: DocNames, lex: Lexicon, quotes: list[tuple[int, int]]
) -> dict[tuple[int, int], Speaker | None]:
    """Each quote span -> its speaker: the nearest reporting verb outside quotes in the
    same paragraph (after the quote first, then before); else, for a paragraph opening
    with a quote, the previous quote's speaker (a continued quotation)."""
    text = doc.text
    verbs = reporting_verbs(doc, lex, quotes)
    result: dict[tuple[int, int], Speaker | None] = {}
    for span in quotes:
        para_start = text.rfind("\n\n", 0, span[0])
        para_start = 0 if para_start < 0 else para_start
        para_end = text.find("\n\n", span[1])
        para_end = len(text) if para_end < 0 else para_end
        after = [v for v in verbs if span[1] <= v.idx < para_end]
        before = [v for v in verbs if para_start <= v.idx < span[0]]
        speaker = None
        for verb in after[:2] + list(reversed(before))[:2]:
            speaker = verb_speaker(verb, names)
            if speaker is not None:
                break
        if speaker is None:
            speaker = names.ctx.last_quote_speaker
        if speaker is not None:
            names.ctx.last_quote_speaker = speaker
            if speaker.name and speaker.name != speaker.affiliation:
                names.ctx.last_speaker = speaker
        result[span] = speaker
    return result


def frame_of(
    trigger: Token,
    names: DocNames,
    lex: Lexicon,
    quotes: list[tuple[int, int]],
    quote_speakers: dict[tuple[int, int], Speaker | None],
) -> Frame:
    """The reporting frame of the event at ``trigger``."""
    span = span_of(trigger.idx, quotes)
    if span is not None:
        return Frame(quote_speakers.get(span), None, True)
    # A reporting verb above the event, reached through a clause (not a control verb).
    child, tok = trigger, trigger.head
    while tok != child:
        if (
            tok.lemma_ in lex.reporting_verbs
            and tok.pos_ in ("VERB", "AUX")
            and child.dep_ in ("ccomp", "parataxis", "prep", "pcomp", "dobj", "advcl", "conj")
            and not in_spans(tok.idx, quotes)
        ):
            speaker = verb_speaker(tok, names)
            if speaker is not None:
                return Frame(speaker, tok, False)
            if tok.lemma_ not in ("continue", "show", "find"):
                return Frame(None, tok, False)
        child, tok = tok, tok.head
    # "X will send Y, the minister said": a trailing reporting clause the parser hung
    # below the event instead of above it.
    top = child  # the root of the event's clause chain
    for reporter in top.children:
        if (
            reporter.dep_ in ("advcl", "parataxis")
            and reporter.i > trigger.i
            and reporter.lemma_ in lex.reporting_verbs
            and reporter.lemma_ not in ("continue", "show", "find")
            and not in_spans(reporter.idx, quotes)
            # a bare "the minister said", not "although X accused Y of ..."
            and not any(c.dep_ in ("mark", "ccomp", "dobj", "xcomp") for c in reporter.children)
        ):
            speaker = verb_speaker(reporter, names)
            if speaker is not None:
                return Frame(speaker, reporter, False)
    # "according to X" anywhere in the sentence.
    for tok in trigger.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            for pobj in tok.nbor().children:
                if pobj.dep_ == "pobj":
                    for sub in pobj.subtree:
                        mention = names.mention(sub)
                        if mention is not None:
                            return Frame(names.speaker_of(sub), tok, False)
                    return Frame(None, tok, False)
    return Frame(None, None, False)
