"""Who a token stands for: entity mentions resolved through the gazetteer, with the
article's own context (a bare surname means the full name used earlier; "we" inside a quote
is the speaker's side; a title before a name gives the person's affiliation).

``ArticleContext`` is built per article and carries the discourse state across its
sentences (people seen, last speaker, claims so far); nothing outlives the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from backers.nlp.gazetteer import DEMONYM, METONYM, ORG, PERSON, SOURCE, STATE, WEAPON, Gazetteer

SPEAKER_KINDS = (PERSON, SOURCE, METONYM, STATE, ORG, "body")
# Kinds of names that can stand in a coordinated list of actors ("X, Y, and Z").
LIST_KINDS = (STATE, METONYM, ORG)
LIST_JOINERS = frozenset({"and", "or"})
LIST_MIN = 3  # two-member lists are left to the parser
FIRST_PERSON = frozenset({"we", "us", "our", "i", "my", "me", "ours"})


@dataclass(frozen=True)
class Mention:
    """A resolved name in a doc: tokens [start, end), what it names, and the actor it
    stands for as supporter/recipient (a person stands for their affiliation)."""

    start: int
    end: int
    kind: str
    canonical: str
    actor: str | None
    text: str


@dataclass(frozen=True)
class Speaker:
    """A claimant: canonical name and the side it speaks for."""

    name: str | None
    affiliation: str | None


@dataclass
class ArticleContext:
    """Discourse state of one article while its sentences are read in order."""

    outlet_actor: str | None = None
    surnames: dict[str, str] = field(default_factory=dict)  # surname -> full name
    affiliations: dict[str, str | None] = field(default_factory=dict)  # person -> side
    last_speaker: Speaker | None = None
    last_quote_speaker: Speaker | None = None
    recent: list = field(default_factory=list)  # claims so far (for missing roles)
    # actors the previous sentence was about (its main subject), for "It"/"They" opening
    # the next sentence of the same paragraph; None after a paragraph break
    last_topic: list[str] | None = None
    # "regime" -> the actor the article last tied it to ("the Syrian regime"), for a bare
    # "the regime" later on
    described: dict[str, str] = field(default_factory=dict)
    # the last coordination of named states ("Japan and South Korea"), for a later
    # "the two countries"
    last_group: list[str] = field(default_factory=list)
    # the last state and the last armed group or organisation named in an earlier sentence,
    # for a later bare "the country" or "the group"
    last_state: str | None = None
    organisations: list[str] = field(default_factory=list)  # armed groups named, in order


class DocNames:
    """Mentions of one doc, by token, resolved once."""

    def __init__(self, doc: Doc, gaz: Gazetteer, ctx: ArticleContext) -> None:
        self.doc = doc
        self.gaz = gaz
        self.ctx = ctx
        self.by_token: dict[int, Mention] = {}
        for ent in doc.ents:
            mention = self._resolve(ent)
            if mention is not None:
                for i in range(ent.start, ent.end):
                    self.by_token[i] = mention

    def _resolve(self, ent: Span) -> Mention | None:
        gaz = self.gaz
        text = ent.text.strip()
        if ent.ent_id_ and "|" in ent.ent_id_:
            kind, canonical = ent.ent_id_.split("|", 1)
            name = gaz.lookup(canonical)
            actor = name.actor if name else None
            if kind in (STATE, METONYM, DEMONYM, ORG):
                actor = canonical if kind == ORG else (name.actor if name else canonical)
        else:
            name = gaz.lookup(text)
            if name is not None and (ent.label_ != "PERSON" or name.kind == PERSON):
                kind, canonical, actor = name.kind, name.canonical, name.actor
            elif ent.label_ == "PERSON":
                kind, canonical, actor = PERSON, self._person_name(text), None
            elif ent.label_ in ("ORG", "NORP", "GPE", "LOC", "FAC"):
                canonical = text[4:] if text[:4].lower() == "the " else text
                kind, actor = ent.label_.lower(), None
                if ent.label_ == "ORG" and self._group_like(ent):
                    actor = canonical
            else:
                return None
        if kind == PERSON:
            canonical = self._person_name(canonical)
            actor = self._person_affiliation(ent, canonical, actor)
        return Mention(ent.start, ent.end, kind, canonical, actor, text)

    def _group_like(self, ent: Span) -> bool:
        """An organisation the gazetteer does not know is kept as an actor when its own
        name says it is an armed group, militia, movement or company ("the Sudan
        Liberation Movement", "the Arakan Army", "Rosoboronexport Corporation"): news
        names the world's armed groups faster than any list."""
        words = [t.lower_ for t in ent if not t.is_punct]
        if not words or not ent[-1].text[:1].isupper():
            return False
        return words[-1] in self.gaz.unknown_actor_heads

    def _person_name(self, text: str) -> str:
        """Full name for a person mention: a bare surname seen earlier in full -> full name."""
        parts = text.replace("’s", "").replace("'s", "").split()
        if not parts:
            return text
        if len(parts) == 1:
            found = self.ctx.surnames.get(parts[0])
            if found:
                return found
            known = self.gaz.lookup(parts[0])
            if known is not None and known.kind == PERSON:
                return known.canonical
            return parts[0]
        full = " ".join(parts)
        known = self.gaz.lookup(full)
        if known is not None and known.kind == PERSON:
            full = known.canonical
        self.ctx.surnames.setdefault(parts[-1], full)
        self.ctx.surnames.setdefault(full.split()[-1], full)
        return full

    def _person_affiliation(self, ent: Span, canonical: str, actor: str | None) -> str | None:
        """A person's side: the gazetteer's, else a title before the name ("Ukrainian
        President ...", "White House spokesman ..."), else what the article said before."""
        if actor:
            self.ctx.affiliations.setdefault(canonical, actor)
            return actor
        if canonical in self.ctx.affiliations:
            return self.ctx.affiliations[canonical]
        doc = ent.doc
        i = ent.start - 1
        found = None
        while i >= max(ent.sent.start, ent.start - 8):
            tok = doc[i]
            if tok.is_punct and tok.text not in ("-", "'", "’", "."):
                break
            if tok.pos_ in ("VERB", "AUX", "ADP") and tok.lower_ not in ("of",):
                break
            mention = self.by_token.get(i)
            if mention is not None and mention.actor and mention.kind != PERSON:
                found = mention.actor
                break
            i -= 1
        self.ctx.affiliations[canonical] = found
        return found

    def _owner_state(self, token: Token) -> str | None:
        """The state named as owner of a body: "Egypt's ministry", "the Egyptian ministry"."""
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                mention = self.by_token.get(child.i)
                if mention is not None and mention.kind in (STATE, DEMONYM, METONYM):
                    return mention.actor
        return None

    def _own_country(self, token: Token) -> str | None:
        """ "the country's defence minister", "its foreign ministry": the country is the
        sentence's topic, taken as the first state named in the sentence before the role
        noun ("Israel will not send X to Ukraine, the country's minister said": Israel)."""
        owners = [c for c in token.children if c.dep_ == "poss"]
        if not owners or owners[0].lemma_.lower() not in ("country", "nation", "its"):
            return None
        for i in range(token.sent.start, token.i):
            mention = self.by_token.get(i)
            if mention is not None and mention.kind in (STATE, METONYM) and mention.actor:
                return mention.actor
        return None

    # -- lookups ------------------------------------------------------------------------
    def mention(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def actor_at(self, token: Token, speaker: Speaker | None) -> str | None:
        """The actor a single token stands for: its mention, or "we" -> the speaker's side."""
        mention = self.by_token.get(token.i)
        if mention is not None:
            if mention.kind == WEAPON:
                return None
            return mention.actor
        if token.lower_ in FIRST_PERSON:
            if speaker is not None:
                return speaker.affiliation
            return self.ctx.outlet_actor
        return None

    def phrase_actors(
        self,
        token: Token,
        speaker: Speaker | None,
        depth: int = 3,
        heads: frozenset[str] | None = None,
    ) -> list[str]:
        """Actors a noun phrase headed by ``token`` stands for, conjuncts included:
        the head's own mention, else a modifier ("Iranian military personnel",
        "members of the Iranian military", "Russia's forces"). With ``heads``, a modifier
        only counts on those head nouns or as a possessive: "French voters" and "Russian
        aggression" are not France and Russia acting."""
        found: list[str] = []
        for tok in [token, *token.conjuncts]:
            actor = self.actor_at(tok, speaker)
            if actor is None:
                if heads is None or tok.lemma_.lower() in heads or tok.lower_ in heads:
                    actor = self._modifier_actor(tok, speaker, depth)
                else:
                    poss = [c for c in tok.children if c.dep_ == "poss"]
                    actor = self.actor_at(poss[0], speaker) if poss else None
            if actor and actor not in found:
                found.append(actor)
            if actor and tok.i in self.by_token:
                for mate in self.list_mates(tok):
                    if mate not in found:
                        found.append(mate)
        return found

    def list_mates(self, token: Token) -> list[str]:
        """Actors listed with ``token`` in a surface list "X, Y, and Z" that the parser
        broke (members hung as appositions or as subjects of the next verb). Read from the
        words, not the parse: every member a state, metonym or organisation, joined by
        commas, the last by "and"/"or", and at least three members, so "to Ukraine, Russia
        said" and "Ukraine and Russia sent ..." are not lists."""
        own = self.by_token.get(token.i)
        if own is None or own.kind not in LIST_KINDS:
            return []
        doc = token.doc
        members = [own]
        joined = False
        # leftwards: only when the token is the last member ("..., and Japan")
        i = own.start - 1
        seps = self._separator(doc, i, -1)
        if seps is not None and seps[1]:
            joined = True
            i = seps[0]
            while True:
                mention = self._member_ending_at(doc, i)
                if mention is None:
                    break
                members.insert(0, mention)
                step = self._separator(doc, mention.start - 1, -1)
                if step is None or step[1]:
                    break
                i = step[0]
        # rightwards: members after it until the one joined by "and"/"or"
        i = own.end
        while not joined:
            step = self._separator(doc, i, 1)
            if step is None:
                break
            mention = self._member_starting_at(doc, step[0])
            if mention is None:
                break
            members.append(mention)
            joined = step[1]
            i = mention.end
        if not joined or len(members) < LIST_MIN:
            return []
        return [m.actor for m in members if m.actor and m is not own]

    @staticmethod
    def _separator(doc: Doc, i: int, step: int) -> tuple[int, bool] | None:
        """From token ``i`` going ``step``: skip ","/"and"/"or" and articles; the index
        where the next member may sit and whether a joiner was crossed, or None."""
        seen, joiner = False, False
        while 0 <= i < len(doc):
            low = doc[i].lower_
            if low == ",":
                seen = True
            elif low in LIST_JOINERS:
                seen = joiner = True
            elif low == "the":
                pass
            else:
                break
            i += step
        return (i, joiner) if seen else None

    def _member_ending_at(self, doc: Doc, i: int) -> Mention | None:
        mention = self.by_token.get(i)
        if mention is None or mention.kind not in LIST_KINDS or mention.end - 1 != i:
            return None
        return mention

    def _member_starting_at(self, doc: Doc, i: int) -> Mention | None:
        mention = self.by_token.get(i)
        if mention is None or mention.kind not in LIST_KINDS:
            return None
        return mention

    def _modifier_actor(self, token: Token, speaker: Speaker | None, depth: int) -> str | None:
        if depth <= 0:
            return None
        for child in token.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod", "nummod"):
                actor = self.actor_at(child, speaker) or self._modifier_actor(
                    child, speaker, depth - 1
                )
                if actor:
                    return actor
            elif child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        actor = self.actor_at(pobj, speaker) or self._modifier_actor(
                            pobj, speaker, depth - 1
                        )
                        if actor:
                            return actor
        return None

    def speaker_of(self, token: Token) -> Speaker | None:
        """The claimant a subject token names: a person, a body, a state, a source."""
        mention = self.by_token.get(token.i)
        if mention is None:
            # "a US official", "the spokesman": a role noun, maybe with a side
            if token.lower_ in ("he", "she") or token.lemma_ in ("spokesman", "spokeswoman"):
                return self.ctx.last_speaker
            for child in token.children:
                m = self.by_token.get(child.i)
                if child.dep_ in ("compound", "amod", "poss", "nmod") and m is not None:
                    if m.kind == PERSON:
                        return Speaker(m.canonical, m.actor)
                    if m.actor:
                        return Speaker(m.actor, m.actor)
            side = self._own_country(token)
            if side is not None:
                return Speaker(side, side)
            if token.lemma_ in ("official", "source", "spokesperson", "minister", "president"):
                return self.ctx.last_speaker
            return None
        if mention.kind == PERSON:
            return Speaker(mention.canonical, mention.actor)
        if mention.kind == METONYM:
            # "the White House said": the body keeps its name, speaking for its state.
            return Speaker(mention.text.removeprefix("the ").removeprefix("The "), mention.actor)
        if mention.kind == SOURCE:
            # "Egypt's defence ministry": a body of no fixed side speaks for its owner
            side = self.gaz.affiliation.get(mention.canonical) or self._owner_state(token)
            return Speaker(mention.canonical, side)
        if mention.kind in (STATE, ORG, DEMONYM):
            return Speaker(mention.actor, mention.actor)
        if mention.kind == "org":
            return Speaker(mention.canonical, None)
        return None
