"""The extract stage: support claims from the body of articles.

``extract_articles`` runs the spaCy pipeline over every body section (``nlp.pipe``), then
reads each article's sections in order with pure functions over the ``Doc``:
events (events.py) -> reporting frame (attribution.py) -> certainty (certainty.py) ->
fields (fields.py, time.py). Missing roles are filled from the article's recent claims
("Kirby claimed the munitions were passed to Wagner" after "North Korea supplied ..."),
which is the only state kept, per article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from backers.extract.attribution import (
    assign_quote_speakers,
    frame_of,
    quote_spans,
    span_of,
)
from backers.extract.certainty import (
    certainty_of,
    refuted_above,
    spread_by_debunked_source,
    verdict_of,
)
from backers.extract.entities import ArticleContext, DocNames
from backers.extract.events import Event, EventReader
from backers.extract.fields import evidence_of, item_names, location_of, quantity_of, time_of
from backers.extract.learned import revise as learned_revise
from backers.extract.lexicon import Lexicon, lexicon
from backers.extract.time import resolve_time
from backers.extract.version import EXTRACTOR_VERSION
from backers.nlp.gazetteer import METONYM, ORG, STATE, Gazetteer, gazetteer
from backers.records import Article, Claim

# How many sentences back a claim may lend a missing supporter or recipient.
CONTEXT_SENTENCES = 5

__all__ = ["EXTRACTOR_VERSION", "extract_articles", "extract_doc_sections"]


_WRAPPED = re.compile(r"(?<=[^.!?:;\"”'\s])[ \t]*\n[ \t]*(?=\S)")


_MARKUP = re.compile(r"\]\((?:https?://|www\.)[^)\s]*\)|\[(?=[^\]\n]{1,200}\]\()|\*\*|__")


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def unwrap(text: str) -> str:
    """Text as the parser should see it, at the same length so offsets still hold:
    hard-wrapped lines joined (a single newline after a line that does not end a sentence
    is a wrap, not a paragraph break), Markdown link targets and bold marks blanked
    ("according to [Reuters](https://...)" reads "according to  Reuters ...")."""
    return _WRAPPED.sub(_blank, _MARKUP.sub(_blank, text))


@dataclass
class _Recent:
    sentence_no: int
    supporter: str
    recipient: str


def extract_articles(
    articles: list[Article], nlp: Language, n_process: int = 1, batch_size: int = 32
) -> list[list[Claim]]:
    """Claims of each article, one list per article in the same order. Only BODY sections
    are read; claim offsets point into ``Article.text``."""
    jobs: list[tuple[int, int]] = []  # (article index, section start)
    texts: list[str] = []
    for n, article in enumerate(articles):
        for start, end in article.body_spans():
            if article.text[start:end].strip():
                jobs.append((n, start))
                texts.append(unwrap(article.text[start:end]))
    per_article: list[list[tuple[int, Doc]]] = [[] for _ in articles]
    docs = nlp.pipe(texts, n_process=n_process, batch_size=batch_size)
    for (n, start), doc in zip(jobs, docs, strict=True):
        per_article[n].append((start, doc))
    gaz, lex = gazetteer(), lexicon()
    return [
        extract_doc_sections(article, sections, gaz, lex)
        for article, sections in zip(articles, per_article, strict=True)
    ]


def extract_doc_sections(
    article: Article, sections: list[tuple[int, Doc]], gaz: Gazetteer, lex: Lexicon
) -> list[Claim]:
    """Claims of one article from its parsed body sections ``(offset, doc)``, in order."""
    outlet = gaz.lookup(article.outlet) if article.outlet else None
    voice = _self_named_voice(article, gaz)
    ctx = ArticleContext(outlet_actor=voice or (outlet.actor if outlet is not None else None))
    claims: list[Claim] = []
    recent: list[_Recent] = []
    seen: set[tuple] = set()
    sentence_no = 0
    all_names = [DocNames(doc, gaz, ctx) for _, doc in sections]
    topic = _topic_actor(all_names)
    verdicts = {verdict_of(doc.text, lex) for _, doc in sections} - {None}
    # one explicit "Verdict: True" anywhere decides for the whole fact-check
    confirmed = "true" in verdicts
    verdict = "false" in verdicts and not confirmed
    for (offset, doc), names in zip(sections, all_names, strict=True):
        quotes = quote_spans(doc.text)
        speakers = assign_quote_speakers(doc, names, lex, quotes)

        def speaker_at(token, quotes=quotes, speakers=speakers):
            span = span_of(token.idx, quotes)
            return speakers.get(span) if span is not None else None

        reader = EventReader(names, lex, speaker_at)
        for sent in doc.sents:
            sentence_no += 1
            for event in reader.read(sent):
                spread = spread_by_debunked_source(event.trigger, lex)
                debunked = refuted_above(event.trigger) or (
                    verdict
                    and (spread or _unattributed_quote(event.trigger, sent, lex, quotes, speakers))
                )
                for claim in _claims_of(event, article, offset, names, lex, quotes, speakers):
                    if debunked:
                        claim.rules.append("verdict.debunked")
                        # what an unnamed post or video claims, refuted by the outlet: the
                        # outlet is the claimant, not whoever the post puts words in the
                        # mouth of ("a post claims to show X saying ...")
                        claim.certainty = "denied"
                        claim.claimant = claim.claimant_affiliation = None
                    elif confirmed and (
                        spread or _unattributed_quote(event.trigger, sent, lex, quotes, speakers)
                    ):
                        # what the post claims, rated true by the outlet: it confirms it
                        claim.rules.append("verdict.confirmed")
                        claim.certainty = "confirmed"
                        claim.claimant = claim.claimant_affiliation = None
                    elif spread and claim.certainty == "stated":
                        claim.rules.append("verdict.spread")
                        # what a post or video claims, with no verdict found: second-hand
                        claim.certainty = "alleged"
                    _fill_roles(claim, event, recent, sentence_no, topic, names)
                    if not _keep(claim, gaz, lex):
                        continue
                    # the learned re-typing (extract/learned.py; BACKERS_LEARNED)
                    learned_revise(claim, event, span_of(event.trigger.idx, quotes) is not None)
                    key = (
                        claim.supporter,
                        claim.recipient,
                        claim.type,
                        claim.status,
                        claim.claimant,
                        claim.start,
                    )
                    if key in seen:
                        continue
                    seen.add(key)
                    claims.append(claim)
                    recent.append(_Recent(sentence_no, claim.supporter, claim.recipient))
            _update_speaker(sent, names, lex, quotes)
            names.ctx.last_topic = _topic_of(sent, names, lex)
            _update_described(sent, names, lex)
    return _drop_redundant_unspecified(claims)


# "We, the Leaders of the Group of Seven (G7), ...": a statement that names the body whose
# voice "we" is in its own words.
_SELF_NAMED = re.compile(
    r"\bWe,?\s+the\s+(?:Leaders|Heads\s+of\s+State(?:\s+and\s+Government)?|Foreign\s+"
    r"Ministers|Defen[cs]e\s+Ministers|Ministers|Members|Governments)\s+of\s+(?:the\s+)?"
    r"([A-Z][\w.\-]*(?:\s+(?:of\s+)?[A-Z][\w.\-]*)*)"
)


def _self_named_voice(article: Article, gaz: Gazetteer) -> str | None:
    """The actor a statement's "we" speaks for when its text names it ("We, the Leaders of
    the Group of Seven": G7), else None (then "we" in the outlet's voice is the outlet's)."""
    for start, end in article.body_spans():
        match = _SELF_NAMED.search(article.text, start, end)
        if match:
            found = gaz.lookup(match.group(1))
            if found is not None and found.actor:
                return found.actor
    return None


def _unattributed_quote(trigger, sent, lex: Lexicon, quotes, speakers) -> bool:
    """In a fact-check: is the event quoted from a post (a quotation with no named speaker,
    or one in a sentence that names a post, video or caption as its source)? Such quotes are
    what the fact-check refutes, not what it states."""
    span = span_of(trigger.idx, quotes)
    if span is None:
        return False
    if speakers.get(span) is None:
        return True
    return any(t.lemma_.lower() in lex.spreaders or t.lower_ in lex.spreaders for t in sent)


def _drop_redundant_unspecified(claims: list[Claim]) -> list[Claim]:
    """An "unspecified" delivered claim says the text did not name the kind of support;
    when the article names the kind for the same pair, it is redundant."""
    specific = {
        (c.supporter, c.recipient, c.status, c.start) for c in claims if c.type != "unspecified"
    }
    pairs = {(s, r, st) for s, r, st, _ in specific}
    kept = []
    for c in claims:
        if c.type == "unspecified" and c.status == "delivered":
            key = (c.supporter, c.recipient, c.status)
            if key in pairs:
                continue
        kept.append(c)
    return kept


def respective_items(items: list, supporters: list[str], sent) -> dict:
    """ "A, B and C gave X, Y and Z, respectively": the n-th item is the n-th supporter's,
    when the sentence says "respectively" and gives one item per supporter."""
    if len(supporters) < 2 or len(items) != len(supporters):
        return {}
    if not any(t.lower_ == "respectively" for t in sent):
        return {}
    return dict(zip(supporters, sorted(items, key=lambda t: t.i), strict=True))


def _claims_of(event, article, offset, names, lex, quotes, speakers) -> list[Claim]:
    frame = frame_of(event.trigger, names, lex, quotes, speakers)
    certainty = certainty_of(
        event.trigger, frame, lex, event.governors, refusal=event.status == "refused"
    )
    sent = event.trigger.sent
    items = item_names(event.items, names, lex)
    time_expr = time_of(event.trigger)
    time = (
        resolve_time(time_expr, article.published, article.published_precision)
        if time_expr
        else None
    )
    speaker = frame.speaker
    claimant = speaker.name if speaker else None
    affiliation = speaker.affiliation if speaker else None
    evidence = evidence_of(event.trigger) if claimant else None
    out = []
    supporters = event.supporters or [""]
    recipients = event.recipients or [""]
    shares = respective_items(event.items, supporters, sent)
    quantity = quantity_of(event.items)
    for supporter in supporters:
        if supporter in shares:
            # "Sweden, France and Poland gave $2.3bn, $1.6bn and $4.2bn, respectively"
            items, quantity = (
                item_names([shares[supporter]], names, lex),
                quantity_of([shares[supporter]]),
            )
        for recipient in recipients:
            for typ in event.types:
                out.append(
                    Claim(
                        doc_id=article.doc_id,
                        supporter=supporter,
                        recipient=recipient,
                        type=typ,
                        status=event.status,
                        certainty=certainty,
                        claimant=claimant,
                        claimant_affiliation=affiliation,
                        sentence=sent.text.strip(),
                        start=offset + sent.start_char,
                        end=offset + sent.end_char,
                        items=list(items),
                        quantity=quantity,
                        location=location_of(event.trigger, event.role_tokens, names),
                        time=time,
                        evidence=evidence,
                        extractor=EXTRACTOR_VERSION,
                        article_id=article.id,
                        rules=[event.rule or "unnamed", *event.resolvers],
                    )
                )
    return out


def _topic_actor(all_names: list[DocNames]) -> str | None:
    """The actor the article is about: the most mentioned, if it clearly dominates
    (at least 3 mentions and a quarter of all actor mentions)."""
    counts: dict[str, int] = {}
    for names in all_names:
        for mention in {id(m): m for m in names.by_token.values()}.values():
            if mention.actor and mention.kind != "person":
                counts[mention.actor] = counts.get(mention.actor, 0) + 1
    if not counts:
        return None
    actor, top = max(counts.items(), key=lambda kv: kv[1])
    if top >= 3 and top * 3 >= sum(counts.values()):
        return actor
    return None


def _other_actors(event: Event, names: DocNames, supporter: str, topic: str | None) -> bool:
    """Whether the event's sentence names an actor besides the supporter and the article's
    topic: then the topic is no safe default for a missing recipient (the sentence's other
    actors may be the real one, or a rival), and nothing is guessed."""
    sent = event.trigger.sent
    for i in range(sent.start, sent.end):
        mention = names.by_token.get(i)
        if mention is not None and mention.actor and mention.actor not in (supporter, topic):
            return True
    return False


def _fill_roles(
    claim: Claim,
    event: Event,
    recent: list[_Recent],
    sentence_no: int,
    topic: str | None,
    names: DocNames,
) -> None:
    """A missing supporter or recipient taken from a recent claim that shares the other;
    a delivery with no recipient at all goes to the actor the article is about."""
    if claim.supporter and claim.recipient:
        return
    if not claim.supporter and not claim.recipient:
        return
    if not claim.recipient and event.recipient_slot:
        return  # the text names a recipient we could not resolve: do not guess
    if not claim.supporter and event.supporter_slot:
        return
    for prev in reversed(recent):
        if sentence_no - prev.sentence_no > CONTEXT_SENTENCES:
            break
        if not claim.supporter and prev.recipient == claim.recipient:
            claim.supporter = prev.supporter
            claim.rules.append("fill.recent-supporter")
            return
        if not claim.recipient and prev.supporter == claim.supporter:
            if not _other_actors(event, names, claim.supporter, prev.recipient):
                claim.recipient = prev.recipient
                claim.rules.append("fill.recent-recipient")
            return
    # "the munitions were passed to Russia's Wagner Group" after "X supplied Russia":
    if not claim.supporter:
        gaz = gazetteer()
        for prev in reversed(recent):
            if sentence_no - prev.sentence_no > CONTEXT_SENTENCES:
                break
            if gaz.state_of(claim.recipient) == gaz.state_of(prev.recipient):
                claim.supporter = prev.supporter
                claim.rules.append("fill.recent-state")
                return
    if (
        not claim.recipient
        and topic
        and event.frame in ("give", "pledge")
        and event.items
        and not event.recipient_slot
        and not _other_actors(event, names, claim.supporter, topic)
    ):
        if claim.type in ("arms", "personnel", "training", "funding", "humanitarian"):
            claim.recipient = topic
            claim.rules.append("fill.topic")


def _keep(claim: Claim, gaz: Gazetteer, lex: Lexicon) -> bool:
    """Drop claims without both actors, self-support, and support between enemies."""
    s, r = claim.supporter, claim.recipient
    if not s or not r or s == r:
        return False
    for actor in (s, r):
        if gaz.lookup(actor) is None and "actor.unlisted" not in claim.rules:
            claim.rules.append("actor.unlisted")  # named by the parser, not the gazetteers
    if lex.disabled_rules.intersection(claim.rules):
        return False  # read by a rule or resolver measured to do more harm than good
    if gaz.state_of(s) == gaz.state_of(r) and gaz.actor_state.get(r) is not None:
        # an actor's own forces or its own instrument working for it (Wagner for Russia),
        # or sent by it ("Russia deployed the Wagner Group"); the state funding or arming
        # its instrument ("a PMC funded by the Russian state") counts
        if gaz.state_of(s) != s or claim.type in ("personnel", "combat"):
            return False
    return frozenset((s, r)) not in lex.adversaries


# Kinds of organisations a later "the group" or "the militia" may mean.
GROUP_KINDS = frozenset({"armed_group", "pmc", "collective"})


def _update_described(sent, names: DocNames, lex: Lexicon) -> None:
    """Remember which actor the article ties a descriptive noun to ("the Syrian regime",
    "Assad's regime"), so a later bare "the regime" means it."""
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in lex.descriptive_heads or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                mention = names.mention(child)
                if mention is not None and mention.actor:
                    names.ctx.described[lemma] = mention.actor
                    break
    for tok in sent:
        group = _state_group(tok, names)
        if len(group) >= 2:
            names.ctx.last_group = group
    for tok in sent:
        mention = names.mention(tok)
        if mention is None or not mention.actor or tok.i != mention.start:
            continue
        if mention.kind in (STATE, METONYM):
            names.ctx.last_state = mention.actor
        elif names.gaz.org_kind.get(mention.actor) in GROUP_KINDS or (
            mention.kind == ORG and mention.actor not in names.gaz.org_kind
        ):  # an armed group, a PMC, or an organisation named as one ("... Army")
            if mention.actor not in names.ctx.organisations:
                names.ctx.organisations.append(mention.actor)


def _state_group(tok, names: DocNames) -> list[str]:
    """The states a coordination headed by ``tok`` names ("Japan and South Korea"), all of
    its members named states, else []."""
    conjuncts = [c for c in tok.children if c.dep_ == "conj"]
    if not conjuncts:
        return []
    group: list[str] = []
    for member in [tok, *conjuncts]:
        mention = names.mention(member)
        if mention is None or mention.kind not in ("state", "metonym") or not mention.actor:
            return []
        if mention.actor not in group:
            group.append(mention.actor)
    return group


def _topic_of(sent, names: DocNames, lex: Lexicon) -> list[str] | None:
    """The actors a sentence is about: its main verb's subject (an actor named there, or
    kept from before when the subject is itself a pronoun). None when the sentence ends a
    paragraph, so "It"/"They" never reach across one."""
    doc = sent.doc
    if sent.end >= len(doc):
        return None
    last = max((t for t in sent if not t.is_space), key=lambda t: t.i, default=sent[-1])
    if "\n\n" in doc.text[last.idx + len(last.text) : doc[sent.end].idx + 1]:
        return None
    root = sent.root
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in ("it", "they"):
                return names.ctx.last_topic
            found = names.phrase_actors(child, None, heads=lex.actor_heads)
            return found or None
    return None


def _update_speaker(sent, names: DocNames, lex: Lexicon, quotes) -> None:
    """Remember the last person who spoke (for "he said" in later sentences)."""
    for tok in sent:
        if tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ == "nsubj":
                    speaker = names.speaker_of(child)
                    mention = names.mention(child)
                    if speaker is not None and mention is not None and mention.kind == "person":
                        names.ctx.last_speaker = speaker
