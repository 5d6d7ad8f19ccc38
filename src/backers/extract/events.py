"""Support events from the dependency parse: who gives what to whom, with what status.

A trigger is a verb or noun from the lexicon (lexicon.yaml). Its frame says where the roles
sit in the parse:

* give ("Iran sold drones to Russia", "Israel declined to furnish Ukraine with X"),
  passive ("munitions were passed to Wagner"), "for use by X" (the end user is the
  recipient);
* receive ("Russia has been receiving drone supplies from members of the Iranian military");
* request ("Zelensky pleaded with the US for more defenses": the one asked supplies);
* back ("Iranian personnel assisted Russia"; "Iran-backed Houthis");
* nouns ("US support for Ukraine", "American weapons deliveries to Taiwan").

The status comes from the verb, from the verbs governing it ("decided to send" -> pledged,
"continue to provide" -> delivered, "declined to furnish" -> refused) and from modals
("will send" -> pledged; "could send" is a hypothetical and yields nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from backers.extract.certainty import is_negated
from backers.extract.entities import DocNames, Speaker
from backers.extract.lexicon import Lexicon
from backers.extract.roles import (
    AMOUNT_HEADS,
    PRONOUN_ITEMS,
    Reading,
    checked_patterns,
    run_steps,
)
from backers.extract.roles import children as _children
from backers.extract.roles import pobjs as _pobjs
from backers.extract.roles import subject as _subject
from backers.nlp.gazetteer import WEAPON

GENERIC_HEADS = frozenset(
    {
        "support",
        "aid",
        "assistance",
        "help",
        "backing",
        "package",
        "capability",
        "supply",
        "sale",
        "transfer",
        "delivery",
        "shipment",
        "export",
        "purchase",
        "order",
        "contract",
        "deal",
    }
)
PARTICIPLES = {
    "backed": ("back", "unspecified"),
    "supported": ("back", "unspecified"),
    "sponsored": ("back", "unspecified"),
    "funded": ("back", "funding"),
    "financed": ("back", "funding"),
    "armed": ("back", "arms"),
    "trained": ("back", "training"),
    "equipped": ("back", "arms"),
}
RECIPIENT_PREPS = ("to", "into", "for", "toward", "towards")
# Participles that say who gave an item ("German-supplied tanks"), unlike "-made".
GIVEN_PARTICIPLES = frozenset(
    {"supplied", "provided", "donated", "delivered", "gifted", "sent", "transferred"}
)
# Heads of a ruling body whose "in X" names the state ("the military regime in Mali").
RULING_HEADS = frozenset(
    {"regime", "junta", "government", "authorities", "military", "army", "leadership"}
)
# Counts whose "of X" names the people counted ("thousands of North Korean soldiers").
COUNT_HEADS = frozenset({"dozen", "hundred", "thousand", "million", "number", "score"})
OBJECT_CONTROL = frozenset(
    {
        "direct",
        "order",
        "ask",
        "urge",
        "authorize",
        "authorise",
        "instruct",
        "allow",
        "task",
        "accuse",
        "blame",
        "suspect",
        "credit",
        "thank",
        "praise",
        "condemn",
        "criticize",
        "criticise",
        "cite",
        "label",
        "charge",
        "warn",
        "caution",
    }
)
MOVE_VERBS = frozenset({"travel", "arrive", "go", "come", "fly", "move", "head", "enter"})
# Vehicles that carry what they are named for ("aid ship", "relief convoy").
CARRIER_HEADS = frozenset({"ship", "plane", "aircraft", "vehicle", "truck", "boat", "helicopter"})
# Conjunctions of an adverbial clause whose act stands on its own ("after the US deployed
# bombers"): the main clause's plans or refusals do not govern it.
INDEPENDENT_MARKS = frozenset(
    {"after", "before", "since", "because", "as", "when", "while", "although", "though", "once"}
)
# The forces of the side fought for, in "fighters fighting alongside Syrian government
# forces" (the side that hosts the fight, not other volunteers).
HOST_FORCES = frozenset({"force", "forces", "army", "military", "government", "regime"})
# Verbs that keep someone "from" doing something: the act is kept from happening.
PREVENTING = frozenset(
    {"discourage", "prevent", "stop", "deter", "bar", "dissuade", "block", "ban", "prohibit"}
)
DISSUADING = frozenset({"discourage", "dissuade", "deter"})
# Nouns of a law or budget: what one "providing aid to X" provides is approved, not given.
LEGISLATION = frozenset({"bill", "law", "legislation", "measure", "budget", "act"})
# Verbs of wanting: a buyer who seeks, wants or tries to get arms is asking for them.
WANTING = frozenset({"seek", "want", "try", "look", "hope", "wish", "attempt"})
# Nouns whose possessor is the other side of a conflict ("Iran's rivals").
ADVERSARY_NOUNS = frozenset({"rival", "enemy", "foe", "adversary", "opponent", "nemesis"})
# Nouns for a group that news uses in place of its name once named ("the militia").
GROUP_NOUNS = frozenset(
    {
        "group",
        "militia",
        "movement",
        "organization",
        "organisation",
        "faction",
        "rebel",
        "fighter",
        "network",
        "force",
        "insurgent",
        "militant",
        "outfit",
    }
)


@dataclass
class Event:
    """One support event read from a sentence, before attribution."""

    trigger: Token
    supporters: list[str]
    recipients: list[str]
    types: list[str]
    status: str
    items: list[Token] = field(default_factory=list)
    governors: list[Token] = field(default_factory=list)
    role_tokens: list[Token] = field(default_factory=list)  # supporter/recipient heads
    frame: str = ""
    recipient_slot: bool = False  # a recipient was named but not resolved ("the island")
    supporter_slot: bool = False  # a doer was named but not resolved ("any country that")
    # Which named pattern read it ("verb.give", "noun", "participle", ...) and which
    # resolvers filled its roles: stored with every claim, scored one by one (eval --by-rule)
    rule: str = ""
    resolvers: list[str] = field(default_factory=list)


# Verbs of setting up a body: "X was launched to fund ..." describes a purpose.
FOUNDING_VERBS = frozenset({"launch", "found", "establish", "create", "form"})


# Verbs of favouring an act: "X supports sending arms" is a stance on it, not the act.
STANCE_VERBS = frozenset({"support", "favor", "favour", "endorse", "oppose", "back"})


# Verbs that raise a passive subject out of their complement: "X is believed to have been
# armed by Y", "X was reported to be backed by Y": X is the subject of the inner verb.
RAISING_VERBS = frozenset(
    {
        "believe",
        "say",
        "report",
        "think",
        "allege",
        "understand",
        "know",
        "expect",
        "seem",
        "appear",
        "suspect",
        "rumor",
        "rumour",
        "claim",
        "assess",
        "estimate",
    }
)


def conjunct_chain(verb: Token) -> list[Token]:
    """The verbs coordinated with ``verb`` ("supports, trains and finances"; "armed and
    trained"), first conjunct first, ``verb`` among them. Coordinated verbs share their
    arguments: the parser hangs an object on the last conjunct and the subject on the first."""
    first = verb
    while first.dep_ == "conj" and first.head != first and first.head.pos_ in ("VERB", "AUX"):
        first = first.head
    chain = [first, *(c for c in first.conjuncts if c.pos_ in ("VERB", "NOUN") and c.i > first.i)]
    return chain if verb in chain else [verb]


def raised_subject(verb: Token) -> Token | None:
    """The subject a raising verb lends its complement ("The Houthis are believed to have
    been armed by Iran": the Houthis), or None."""
    head = verb.head
    if verb.dep_ != "xcomp" or head == verb or head.lemma_.lower() not in RAISING_VERBS:
        return None
    return _subject(head, passive=True)


def surface_noun_governor(verb: Token, governor_lemmas: dict[str, str]) -> Token | None:
    """The noun an infinitive complements on the surface ("the commitment of Canada, Chile
    and Peru to help X", "a plan by Y to send Z"), found by walking left from "to" over the
    noun's owner phrase: the parser often hangs such an infinitive on the main verb or
    gives it the last owner as subject. Only nouns that set a status (governors) count."""
    to = [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to" and c.i < verb.i]
    if not to:
        return None
    doc, start = verb.doc, verb.sent.start
    i = to[0].i - 1
    for _ in range(16):
        if i < start:
            break
        tok = doc[i]
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in governor_lemmas:
            return tok
        passable = (
            tok.pos_ in ("PROPN", "DET", "CCONJ", "ADJ")
            or tok.lower_ in (",", "of", "by", "from", "'s", "’s")
            or tok.ent_type_ in ("GPE", "ORG", "NORP")
        )
        if not passable:
            break
        i -= 1
    return None


class EventReader:
    """Reads the events of one sentence. Holds no state between sentences."""

    def __init__(self, names: DocNames, lex: Lexicon, speaker_at) -> None:
        self.names = names
        self.lex = lex
        self.speaker_at = speaker_at  # token -> Speaker | None (the quote's speaker)

    # -- roles --------------------------------------------------------------------------
    def actors(self, token: Token | None, strict: bool = True) -> list[str]:
        """Actors a role phrase names; ``strict``: modifiers count only on actor-like heads
        (government, forces, troops, ...)."""
        if token is None:
            return []
        speaker: Speaker | None = self.speaker_at(token)
        if token.lower_ in ("it", "its", "they", "their", "them") and speaker is None:
            return self.antecedent(token)
        if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
            # "Saudi Arabia and Turkey, which support X": the noun the clause hangs on
            noun = token.head.head
            if noun != token.head:
                return self.actors(noun, strict)
        heads = self.lex.actor_heads if strict else None
        found = self.names.phrase_actors(token, speaker, heads=heads)
        if not found:
            found = self.described(token)
        if not found and token.pos_ == "NOUN":
            found = self.named_members(token, speaker)
        if not found and token.dep_ == "appos" and token.head != token:
            # "the Wagner Group, a private military company funded by ...": the company is
            # the name it stands in apposition to
            found = self.names.phrase_actors(token.head, speaker)
        if not found and token.lemma_.lower() in RULING_HEADS:
            # "the military regime in Mali", "the government in Kyiv": the state it rules
            found = [
                m.actor
                for t in _pobjs(token, "in")
                if (m := self.names.mention(t)) is not None
                and m.kind in ("state", "metonym")
                and m.actor
            ]
        if not found and self._bare(token, ("country", "nation")):
            found = self._last_state_before(token)
            if not found:
                # named in an earlier sentence: what it was about, else the last state named
                topic = [a for a in self.names.ctx.last_topic or [] if self._is_state(a)]
                last = self.names.ctx.last_state
                found = topic[:1] or ([last] if last else [])
        if not found and self._bare(token, tuple(self.lex.organisation_heads)):
            found = self._the_group(token)
        if not found and (token.lemma_.lower() in COUNT_HEADS or token.like_num):
            # "thousands of North Korean soldiers": the forces the number counts (not
            # "thousands of Syrians": people of a country are not its state)
            counted = [t for t in _pobjs(token, "of") if t.lemma_ in self.lex.personnel_heads]
            found = [a for t in counted for a in self.actors(t, strict)]
        return found

    def _the_group(self, token: Token) -> list[str]:
        """ "Iran has long armed the group", "sent weapons to the rebels": the armed group
        the article named, when only one fits (its name holds the word, or it is the only
        one named); with several, nobody (a guess is worse than a gap)."""
        named = self.names.ctx.organisations
        word = token.lemma_.lower()
        fitting = [a for a in named if word in a.lower()]
        if len(fitting) == 1:
            return fitting
        return list(named) if len(named) == 1 and not fitting else []

    def _is_state(self, actor: str) -> bool:
        return self.names.gaz.actor_state.get(actor) == actor

    @staticmethod
    def _bare(token: Token, lemmas: tuple[str, ...]) -> bool:
        """ "the country", "the rebels" with nothing else on it."""
        if token.lemma_.lower() not in lemmas or token.tag_ not in ("NN", "NNS"):
            return False
        kids = [c for c in token.children if c.dep_ not in ("punct",)]
        return [c.lower_ for c in kids] == ["the"]

    def _last_state_before(self, token: Token) -> list[str]:
        """ "Iran answered Moscow's call, supplying the country with drones": a bare "the
        country" is the last state named before it in the sentence."""
        for i in range(token.i - 1, token.sent.start - 1, -1):
            mention = self.names.by_token.get(i)
            if mention is not None and mention.kind in ("state", "metonym") and mention.actor:
                if token.doc[mention.end - 1].dep_ in ("nsubj", "nsubjpass"):
                    continue  # "Russia has sent mercenaries to the country": another one
                return [mention.actor]
        return []

    def named_members(self, token: Token, speaker: Speaker | None) -> list[str]:
        """ "other nations, including Saudi Arabia and Turkey", "groups such as Hamas and
        Hezbollah", "countries like Poland": a collective noun stands for the members its
        own phrase names."""
        members: list[Token] = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("including", "like"):
                members.extend(_children(child, "pobj"))
            elif child.dep_ == "prep" and child.lower_ == "as":
                if any(c.lower_ == "such" for c in token.children) or (
                    child.i > 0 and child.nbor(-1).lower_ == "such"
                ):
                    members.extend(_children(child, "pobj"))
            elif child.dep_ == "amod" and child.lower_ == "such":
                for as_ in _children(child, "prep"):
                    members.extend(_children(as_, "pobj"))
        found: list[str] = []
        for member in members:
            for actor in self.names.phrase_actors(member, speaker):
                if actor not in found:
                    found.append(actor)
        return found

    def described(self, token: Token) -> list[str]:
        """ "the regime" with nothing else on it: the actor the article tied the word to
        before ("the Syrian regime ... support to the regime": Syria)."""
        lemma = token.lemma_.lower()
        if lemma in self.lex.group_heads:
            return self._group(token)
        if lemma not in self.lex.descriptive_heads:
            return []
        mods = [c for c in token.children if c.dep_ not in ("det", "punct", "prep", "relcl")]
        dets = [c.lower_ for c in token.children if c.dep_ == "det"]
        if mods or dets != ["the"]:
            return []
        actor = self.names.ctx.described.get(lemma)
        return [actor] if actor else []

    def antecedent(self, pronoun: Token) -> list[str]:
        """ "it"/"they"/"its": the subject of an enclosing clause ("The Netherlands announced
        it would deliver ...", "Israel declined to furnish Ukraine with its Iron Dome")."""
        tok = pronoun.head
        for _ in range(6):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != pronoun.i:
                    if child.i < pronoun.i and child.lower_ not in PRONOUN_ITEMS:
                        found = self.names.phrase_actors(child, None) or self.described(child)
                        if found:
                            return found
            if tok.head == tok:
                break
            tok = tok.head
        return self._previous_topic(pronoun)

    def _previous_topic(self, pronoun: Token) -> list[str]:
        """ "It"/"They" as the main subject of a sentence with nothing to refer to inside
        it: the subject of the previous sentence in the same paragraph ("Iran denies it.
        But it has sent drones to Russia": Iran)."""
        if pronoun.lower_ not in ("it", "they") or pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return []
        verb = pronoun.head
        while verb.dep_ in ("xcomp", "conj", "aux") and verb.head != verb:
            verb = verb.head
        if verb.head != verb:
            return []  # inside a subordinate clause: leave it
        for i in range(pronoun.sent.start, pronoun.i):
            mention = self.names.by_token.get(i)
            if mention is not None and mention.actor:
                return []  # an actor named earlier in the sentence may be meant: no guess
        return list(self.names.ctx.last_topic or [])

    def controller(self, verb: Token) -> tuple[list[str], list[Token], list[Token]]:
        """Actors doing ``verb`` when it has no subject of its own: the object of a request
        ("urged Germany to send"), the subject of the governing verb ("decided to send"),
        the owner of a governing noun ("the commitment of the US to help"), the noun a
        relative clause hangs on."""
        governors: list[Token] = []
        cur = verb
        for _ in range(6):
            head = cur.head
            if head == cur:
                break
            if cur.dep_ in (
                "xcomp",
                "conj",
                "advcl",
                "acl",
                "relcl",
                "ccomp",
                "pcomp",
                "prep",
                "acomp",
                "pobj",
            ):
                if cur.dep_ in ("xcomp", "acl", "advcl", "pcomp", "prep"):
                    governors.append(head)
                if cur.dep_ == "relcl":
                    return self.actors(head), governors, [head]
                if head.pos_ in ("NOUN", "PROPN") and cur.dep_ == "acl":
                    owner = (
                        _children(head, "poss")
                        + _pobjs(head, "of")
                        + _pobjs(head, "by")
                        + _pobjs(head, "from")  # "an announcement from the Netherlands offering"
                    )
                    found = [a for o in owner for a in self.actors(o)]
                    if found:
                        return found, governors, owner
                    found = self.names.phrase_actors(head, self.speaker_at(head))
                    if found:
                        return found, governors, [head]
                    if head.lemma_.lower() in LEGISLATION and cur.tag_ == "VBG":
                        # "Biden signed a bill providing aid to Ukraine": the state whose
                        # bill it is, by the one who signs, passes or proposes it
                        enacting = _subject(head.head) if head.dep_ in ("dobj", "pobj") else None
                        found = self.actors(enacting) if enacting is not None else []
                        if found:
                            return found, governors, [enacting]
                    if cur.tag_ == "VBG":
                        # "entities providing support to Russia": the noun does it; unnamed,
                        # nobody here does (not the subject of the clause above)
                        return [], governors, []
                    led = head  # "led (the bulk of) the effort to arm Ukraine": the leader
                    while led.dep_ == "pobj" and led.head.lower_ == "of":
                        led = led.head.head
                    if (
                        head.lemma_.lower() in self.lex.effort_nouns
                        and led.dep_ == "dobj"
                        and led.head.lemma_ in self.lex.effort_verbs
                    ):
                        leader = _subject(led.head)
                        found = self.actors(leader) if leader is not None else []
                        if found:
                            return found, governors, [leader]
                head_subj = _subject(head)
                asker = head_subj.lemma_ if head_subj is not None else ""
                if self.lex.governors.get(head.lemma_) == "requested":
                    asked = _children(head, "dobj") + _pobjs(head, "on", "upon", "with", "to")
                    found = [a for o in asked for a in self.actors(o)]
                    if found:
                        return found, governors, asked
                    if asked and cur.dep_ in ("xcomp", "ccomp"):
                        # "call on financial institutions to refrain from supporting X":
                        # the ones asked act; not being actors, nobody here does
                        return [], governors, []
                if self.lex.governors.get(asker) == "requested":
                    # "pressure is mounting on France to supply ...": the one pressed
                    asked = _pobjs(head, "on", "upon")
                    found = [a for o in asked for a in self.actors(o)]
                    if found:
                        return found, [*governors, head_subj], asked
                if cur.dep_ == "pcomp" and head.lower_ == "from" and head.head.lemma_ in PREVENTING:
                    # "discourage the US from supplying Ukraine": the one kept from it would
                    # do it, and is kept from it (halted), unless nothing keeps it ("nothing
                    # will stop us from supporting Ukraine")
                    preventer = _subject(head.head)
                    objs = _children(head.head, "dobj")
                    found = [a for o in objs for a in self.actors(o)]
                    if preventer is not None and preventer.lower_ in ("nothing", "nobody"):
                        return found, governors, objs
                    if head.head.lemma_ in DISSUADING:
                        return [], governors, []  # an attempt to talk it out: no act either way
                    return found, [*governors, head.head], objs
                if cur.dep_ == "pcomp" and head.lower_ in ("as", "of", "for"):
                    # "identified Chinese companies as providing aid", "accused Iran of
                    # supplying": the object of the verb the preposition hangs on does it
                    objs = _children(head.head, "dobj")
                    found = [a for o in objs for a in self.actors(o)]
                    if found:
                        return found, governors, objs
                if head.lemma_ in OBJECT_CONTROL:
                    # "directed the Department of Defense to expand training"
                    found = [a for o in _children(head, "dobj") for a in self.actors(o)]
                    if found:
                        return found, governors, _children(head, "dobj")
                subj = _subject(head, passive=True)
                if subj is not None and self.actors(subj):
                    return self.actors(subj), governors, [subj]
                agent = [o for o in _pobjs(head, "by") if o.i != cur.i]
                found = [a for o in agent for a in self.actors(o)]
                if found:
                    return found, governors, agent
                cur = head
                continue
            break
        return [], governors, []

    def governors_of(self, verb: Token) -> list[Token]:
        """Verbs and nouns above ``verb`` through control and noun complements."""
        found = []
        cur = verb
        for _ in range(4):
            if cur.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in INDEPENDENT_MARKS for c in cur.children
            ):
                break  # "he is preparing to retaliate after the US deployed bombers"
            if cur.dep_ in ("xcomp", "acl", "pcomp", "conj", "advcl", "prep", "pobj"):
                cur = cur.head
                found.append(cur)
                continue
            break
        return found

    # -- items and types ------------------------------------------------------------------
    def elaborations(self, verb: Token, items: list[Token]) -> list[Token]:
        """What spells out a generic item: "assistance, mainly in the form of drones and
        shells", "aid such as body armour", "support, including air defence" -> the
        heads that name what is given (their types then replace "unspecified")."""
        generic = [i for i in items if i.lemma_.lower() in GENERIC_HEADS]
        if not generic:
            return []
        found: list[Token] = []
        for owner in [verb, *generic]:
            for form in _pobjs(owner, "in"):
                if form.lemma_.lower() == "form":
                    found.extend(self.item_heads(_pobjs(form, "of")))
        for item in generic:
            for prep in item.children:
                if prep.dep_ == "prep" and (
                    prep.lower_ in ("including", "like")
                    or (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children))
                ):
                    found.extend(self.item_heads(_children(prep, "pobj")))
                if prep.dep_ == "amod" and prep.lower_ == "such":
                    for as_ in _children(prep, "prep"):
                        found.extend(self.item_heads(_children(as_, "pobj")))
        return found

    def item_heads(self, tokens: list[Token]) -> list[Token]:
        heads: list[Token] = []
        for tok in tokens:
            for t in [tok, *tok.conjuncts]:
                if t.pos_ in ("NOUN", "PROPN", "NUM", "PRON", "SYM", "X") and t not in heads:
                    heads.append(t)
        return heads

    def classify(self, head: Token, depth: int = 2) -> str | None:
        """The support type of an item phrase, or None when it names nothing known.

        Order: a catalogued weapon; a multi-word item ("tech support"); a typing modifier
        on a generic or money head ("security assistance package", "military aid",
        "security assistance funding" -> arms, as the contract types weapons packages);
        the head noun; a compound or "of/in" complement ("$2.5 billion in security
        assistance"); money; else "unspecified" for generic support words."""
        lex = self.lex
        for tok in head.subtree:
            mention = self.names.mention(tok)
            if mention is not None and mention.kind == WEAPON:
                info = self.names.gaz.weapon_info.get(mention.canonical, {})
                return "dual_use" if info.get("dual_use") else "arms"
            if tok.i > head.i + 6:
                break
        lemma = head.lemma_.lower()
        mods = [
            c
            for c in head.children
            if c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.i < head.i
        ]
        phrase = " ".join([*(m.lower_ for m in mods), head.lower_])
        for words, typ in lex.item_types.items():
            if " " in words and words in phrase:
                return typ
        head_type = lex.item_types.get(lemma) or lex.item_types.get(head.lower_)
        if head_type == "funding" and depth > 0 and (lemma in AMOUNT_HEADS or head.like_num):
            # "$16 billion in security assistance": what the money is in types it;
            # "$2.3 billion in total commitments": any kind, so unspecified
            # ("billions of euros in military aid": what it is in, before what it is of)
            spelled = [
                p for prep in ("in", "of") for h in (head, *head.conjuncts) for p in _pobjs(h, prep)
            ]
            for pobj in spelled:
                typ = self.classify(pobj, depth - 1)
                if typ is not None:
                    return typ
                if pobj.lemma_.lower() == "commitment":
                    return "unspecified"
        if depth > 0 and (lemma in AMOUNT_HEADS or head.like_num or head.text == "$"):
            for pobj in _pobjs(head, "of", "in"):
                if not self.names.actor_at(pobj, None):
                    # "hundreds of containers of weaponry": counting words cost no depth
                    hop = (
                        depth if pobj.lemma_.lower() in AMOUNT_HEADS or pobj.like_num else depth - 1
                    )
                    typ = self.classify(pobj, hop)
                    if typ is not None:
                        return typ
        generic = (
            lemma in GENERIC_HEADS
            or lemma in AMOUNT_HEADS
            or head_type
            in (
                "unspecified",
                "funding",
            )
        )
        if generic:
            for mod in mods:
                typ = self._modifier_type(mod, depth)
                if typ is not None and not (typ == "funding" and head_type == "funding"):
                    return typ
        if head_type == "arms" and lemma in CARRIER_HEADS:
            # "an aid ship", "relief flights": what the carrier carries types it
            for mod in mods:
                if mod.lemma_.lower() in ("aid", "relief", "humanitarian", "food", "medical"):
                    return "humanitarian"
        if head_type == "personnel" and lemma in ("unit", "fighter", "system", "battery"):
            # "four air-defence units", "J-10C fighters": hardware, not people
            named = [c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
            for mod in [*mods, *named]:
                if (
                    self._modifier_type(mod, depth) == "arms"
                    or any(ch.isdigit() for ch in mod.text)
                    or (mod.pos_ == "PROPN" and self.names.actor_at(mod, None) is None)
                ):
                    return "arms"
        if head_type is not None and head_type != "unspecified":
            return head_type
        if head_type is None:
            for mod in mods:  # "energy infrastructure", "air defence"
                typ = self._modifier_type(mod, depth)
                if typ is not None:
                    return typ
        if depth > 0:
            for pobj in _pobjs(head, "of", "in", "for", "including"):
                if any(c.dep_ == "neg" for c in pobj.head.children):
                    continue  # "support, though not in the form of equipment": not that
                if self.names.actor_at(pobj, None) or (
                    head.lemma_.lower() in GENERIC_HEADS
                    and pobj.lemma_.lower() in self.lex.personnel_heads
                    and self.names.phrase_actors(pobj, None, heads=self.lex.actor_heads)
                ):
                    continue  # "support for Houthi fighters": who receives, not what
                typ = self.classify(pobj, depth - 1)
                if typ is not None:
                    return typ
        for ent in head.doc.ents:
            if ent.label_ == "MONEY" and ent.start <= head.i < ent.end:
                return "funding"
        if lemma in GENERIC_HEADS or head_type == "unspecified":
            return "unspecified"
        return None

    def _modifier_type(self, mod: Token, depth: int) -> str | None:
        """The type a modifier gives ("military", "security" -> arms), searched through
        compound chains ("security assistance" inside "security assistance package")."""
        lex = self.lex
        doc = mod.doc
        if mod.i >= 2 and doc[mod.i - 1].text == "-" and doc[mod.i - 2].lower_ == "non":
            return None  # "non-lethal support": not weapons, and not said what
        if mod.lower_ in ("non-lethal", "nonlethal"):
            return None
        typ = lex.item_modifiers.get(mod.lemma_.lower()) or lex.item_modifiers.get(mod.lower_)
        if typ is not None:
            return typ
        if depth > 0:
            for child in mod.children:
                if child.dep_ in ("amod", "compound") and child.i < mod.i:
                    typ = self._modifier_type(child, depth - 1)
                    if typ is not None:
                        return typ
        typ = lex.item_types.get(mod.lemma_.lower())
        if typ is not None and typ not in ("unspecified", "funding"):
            return typ
        return None

    def coordinated_modifier_types(self, head: Token) -> list[str]:
        """ "financial and military support", "security, intelligence, and diplomatic
        support": each coordinated modifier of a generic head names a type of its own."""
        if head.lemma_.lower() not in GENERIC_HEADS:
            return []
        found: list[str] = []
        for mod in head.children:
            if mod.dep_ not in ("amod", "compound", "nmod") or mod.i > head.i:
                continue
            for member in [mod, *mod.conjuncts]:
                if member.i > head.i:
                    continue
                typ = self._modifier_type(member, 1)
                if typ is not None and typ not in found:
                    found.append(typ)
        return found if len(found) > 1 else []

    def types_for(self, items: list[Token], verb_type: str | None) -> list[str]:
        types: list[str] = []
        unknown = False
        for head in items:
            if head.lower_ in PRONOUN_ITEMS:
                continue
            typ = self.classify(head)
            if typ is None:
                unknown = True
                continue
            if typ not in types:
                types.append(typ)
            for extra in self.coordinated_modifier_types(head):
                if extra not in types:
                    types.append(extra)
        if verb_type == "training":
            types = [t for t in types if t != "personnel"]  # "train 15,000 fighters"
        if verb_type is not None:
            if not types or types == ["unspecified"]:
                return [verb_type]
            if verb_type == "personnel" and "arms" in types:
                return types
            if verb_type not in types and verb_type in ("training", "funding"):
                types.append(verb_type)
        if unknown and not types:
            return []
        return types

    # -- status -------------------------------------------------------------------------
    def status_of(self, verb: Token, base: str, governors: list[Token]) -> str | None:
        """The status, or None for a hypothetical (modal, condition, question)."""
        lex = self.lex
        status = base
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        for gov in governors:
            aux |= {c.lower_ for c in gov.children if c.dep_ == "aux"}
        if aux & {"could", "might", "may", "must", "ought"}:
            return None
        if base in ("delivered", "pledged") and self._refusal(verb, aux, governors):
            return "refused"
        gov_statuses = {
            lex.governors.get(g.lemma_)
            for g in governors
            if not (
                lex.governors.get(g.lemma_) == "halted" and any(c.dep_ == "neg" for c in g.children)
            )
        }
        if (
            "requested" in gov_statuses
            and base in ("delivered", "pledged")
            and any(c.dep_ == "neg" for c in verb.children)
            and lex.governors.get(verb.lemma_) != "halted"  # "not to delay aid": asks for it
        ):
            return None  # "urged China not to arm Russia": asking for no support
        if base == "halted" and "requested" in gov_statuses:
            return "delivered"  # "urged Moscow to end its support for Damascus": it goes on
        if {"requested", "halted"} <= gov_statuses and base == "delivered":
            return "delivered"  # "urged Iran to stop assisting Russia": it goes on
        for gov in governors:
            gstatus = lex.governors.get(gov.lemma_)
            if gov.lemma_ in lex.hypo_lemmas:
                return None
            if gstatus == "pledged" and base == "delivered" and self._narrated_decision(gov):
                return "delivered"
            if gstatus == "halted" and any(c.dep_ == "neg" for c in gov.children):
                continue  # "not to delay the aid", "did not stop supplying": it goes on
            if gstatus == "delivered" and gov.lemma_ in ("start", "begin", "resume"):
                if aux & {"will", "shall", "'ll", "wo"} and base == "delivered":
                    return "pledged"  # "will soon begin disbursing": not yet
            if gstatus is not None and base in ("delivered", "pledged"):
                return gstatus
            if gstatus is not None and base == "requested" and gstatus == "refused":
                return gstatus
        if verb.dep_ == "ccomp" and lex.governors.get(verb.head.lemma_) == "requested":
            return "requested" if base == "delivered" else base
        for tok in [verb, *governors]:
            for child in tok.children:
                if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
                    return "halted"
        if "should" in aux and base == "delivered":
            if any(c.dep_ == "neg" for c in verb.children):
                return None  # "the US should not send troops": an opinion against it
            return "requested"
        if aux & {"will", "shall", "'ll", "wo"} and base == "delivered":
            return "pledged"
        if "would" in aux and base == "delivered":
            return "pledged" if self._reported(verb) else None
        if "going" in aux or any(g.lower_ == "going" for g in governors):
            return "pledged" if base == "delivered" else base
        return status

    @staticmethod
    def _narrated_decision(gov: Token) -> bool:
        """ "The Iranians decided to move in trainers", "Berlin had decided to send": a
        decision told in the simple or past perfect past reports the act as done; "has
        decided to supply" and "I have decided to provide" announce it (pledged)."""
        if gov.lemma_ != "decide" or gov.pos_ != "VERB":
            return False
        aux = {c.lower_ for c in gov.children if c.dep_ in ("aux", "auxpass")}
        if aux & {"has", "have", "'ve", "will", "would", "may", "might"}:
            return False
        return gov.tag_ == "VBD" or (gov.tag_ == "VBN" and "had" in aux)

    def _refusal(self, verb: Token, aux: set[str], governors: list[Token]) -> bool:
        """A negated future or intention of giving is a refusal, not a denial: "Israel will
        not send ...", "won't supply", "is not going to provide", "decided not to send"."""
        if not is_negated(verb):
            return any(
                is_negated(g)
                and (g.lower_ == "going" or self.lex.governors.get(g.lemma_) == "pledged")
                for g in governors
            )
        if aux & {"will", "shall", "'ll", "wo", "going"}:
            return True
        if "would" in aux and self._reported(verb):
            return True
        return any(
            g.lower_ == "going" or self.lex.governors.get(g.lemma_) == "pledged" for g in governors
        )

    def _reported(self, verb: Token) -> bool:
        tok = verb
        while tok.head != tok:
            tok = tok.head
            if tok.lemma_ in self.lex.reporting_verbs:
                return True
        return False

    def hypothetical(self, verb: Token) -> bool:
        """A condition, question or threat above the event."""
        sent = verb.sent
        if sent.text.rstrip().endswith("?"):
            return True
        if verb.dep_ == "pcomp" and verb.head.lower_ == "against":
            return True  # "warned China against supporting Russia"
        for child in verb.children:
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children
            ):
                return True  # the consequent of a condition: "if X does that, we will help"
        if self._conditional_future(verb):
            return True
        if (
            verb.dep_ in ("advcl", "xcomp")
            and (
                verb.head.lemma_ in FOUNDING_VERBS
                or (verb.head.lemma_ == "set" and any(c.lower_ == "up" for c in verb.head.children))
            )
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            return True  # what a body was set up to do: its purpose, not an act
        if verb.dep_ in ("xcomp", "ccomp", "dobj") and verb.head.lemma_ in STANCE_VERBS:
            return True  # "most voters support sending arms": an opinion of the act
        tok = verb
        for _ in range(6):
            for child in tok.children:
                if child.dep_ == "mark" and child.lower_ in self.lex.hypo_marks:
                    return True
                if (
                    tok != verb
                    and child.dep_ == "aux"
                    and child.lower_ in ("could", "might", "may")
                    and verb.dep_ in ("xcomp", "acomp")
                ):
                    return True
                if (
                    tok != verb
                    and tok.lemma_ in ("have", "need")
                    and child.dep_ == "aux"
                    and child.lower_ in ("would", "could", "might", "may")
                ):
                    return True  # "X would have to approve the transfer": a precondition
            if tok.lemma_ in self.lex.hypo_lemmas and tok != verb:
                return True
            if tok.head == tok or tok.lemma_ in self.lex.reporting_verbs:
                break
            tok = tok.head
        return False

    def _conditional_future(self, verb: Token) -> bool:
        """A future act after a condition earlier in its sentence, however the parser
        attached it: "if X does that, we will help Y", "should X attack, Y will send ...",
        "unless ..., Y would supply ...". ("Even if ..." concedes: the act still stands.)"""
        aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        if not aux & {"will", "would", "'ll", "wo", "shall"}:
            return False
        sent = verb.sent
        for tok in sent.doc[sent.start : verb.i]:
            if (
                tok.dep_ == "mark"
                and tok.lower_ in ("if", "unless")
                and tok.head != verb
                and tok.head.i < verb.i
                and not (tok.i > sent.start and tok.nbor(-1).lower_ == "even")
            ):
                return True
        words = [t for t in sent if not t.is_punct and not t.is_space and t.text != "#"]
        first = words[0] if words else None
        return (
            first is not None
            and first.lower_ in ("should", "were", "had")
            and first.head != verb
            and first.head.i < verb.i
        )

    # -- readers ------------------------------------------------------------------------
    def read(self, sent: Span) -> list[Event]:
        events: list[Event] = []
        used_items: set[int] = set()
        for tok in sent:
            if tok.lemma_ in self.lex.verbs and (
                tok.pos_ == "VERB"
                or (tok.dep_ == "conj" and tok.head.pos_ == "VERB" and tok.tag_ == "NNS")
            ):  # "supports, trains, and finances X": "trains" mis-tagged as a plural noun
                event = self.verb_event(tok)
                if event is not None:
                    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
                    event.rule = event.rule or f"verb.{event.frame}" + (
                        ".passive" if passive else ""
                    )
                    events.append(event)
                    used_items.update(t.i for t in event.items)
                    used_items.add(tok.i)
        for event in self.movement_events(sent, events):
            event.rule = "movement"
            events.append(event)
        for event in self.origin_events(sent, events):
            event.rule = "origin"
            events.append(event)
        for tok in sent:
            if tok.i not in used_items:
                event = self.behalf_event(tok)
                if event is not None:
                    event.rule = "on-behalf"
                    events.append(event)
                    used_items.add(tok.i)
        for tok in sent:
            lower = tok.lower_
            if (
                tok.i > 1
                and tok.nbor(-1).text in ("-", "–")
                and tok.i not in used_items
                and (lower in PARTICIPLES or tok.lemma_.lower() + "ed" in PARTICIPLES)
            ):
                event = self.participle_event(tok)
                if event is not None:
                    event.rule = "participle"
                    events.append(event)
                continue
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.relation_nouns:
                event = self.relation_noun_event(tok, self.lex.relation_nouns[tok.lemma_.lower()])
                if event is not None:
                    event.rule = "relation-noun"
                    events.append(event)
                continue
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in used_items:
                key = lower if lower in self.lex.nouns else tok.lemma_.lower()
                if key in self.lex.nouns:
                    event = self.noun_event(tok, self.lex.nouns[key])
                    if event is not None:
                        event.rule = "noun"
                        events.append(event)
        return events

    def sense(self, verb: Token) -> dict | None:
        """The verb's sense in the lexicon whose preposition the sentence has (a sense
        without `needs_prep` always fits): "ordered jets from France" buys, "ordered
        advisers to Iraq" sends. "from" may hang on what is ordered."""
        near = [*verb.children, *(g for o in _children(verb, "dobj") for g in o.children)]
        preps = {c.lower_ for c in near if c.dep_ in ("prep", "prt", "dative")}
        for spec in self.lex.senses.get(verb.lemma_) or (self.lex.verbs[verb.lemma_],):
            if not spec.get("needs_prep") or spec["needs_prep"] in preps:
                return spec
        return None

    def verb_event(self, verb: Token) -> Event | None:
        lex = self.lex
        spec = self.sense(verb)
        if spec is None:
            return None
        frame = spec.get("frame", "give")
        # A governing verb whose complement is itself a trigger lets the complement speak.
        if frame in ("refuse", "halt", "pledge", "request") and any(
            c.dep_ in ("xcomp", "ccomp") and c.lemma_ in lex.verbs and c.pos_ == "VERB"
            for c in verb.children
        ):
            return None
        if verb.i > 0 and verb.nbor(-1).text in ("-", "–"):
            return None  # "Iran-backed": a participle, read by participle_event
        if frame == "back" and self._purpose_of_another_act(verb):
            return None
        if self.hypothetical(verb):
            return None
        chain = conjunct_chain(verb)
        resolvers: list[str] = []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            verb.tag_ == "VBN"
            and verb.dep_ == "conj"
            and any(c.dep_ in ("nsubjpass", "auxpass") for other in chain for c in other.children)
        )
        # "Qatar, backed by Turkey", "weapons supplied to the Houthis by Iran": a participle
        # with its agent is a passive whose subject is the noun it hangs on
        reduced = (
            not passive
            and verb.dep_ == "acl"
            and verb.tag_ == "VBN"
            and bool(_pobjs(verb, "by"))
            and verb.head.pos_ in ("NOUN", "PROPN")
        )
        passive = passive or reduced
        subj = _subject(verb)
        role_tokens: list[Token] = []
        governors = self.governors_of(verb)
        noun_gov = surface_noun_governor(verb, lex.governors)
        if noun_gov is not None and noun_gov not in governors:
            governors.append(noun_gov)
        if subj is not None:
            subj_actors = self.actors(subj)
            role_tokens.append(subj)
        elif not passive:
            subj_actors, more_govs, toks = self.controller(verb)
            if subj_actors:
                resolvers.append("controller")
            governors = governors + [g for g in more_govs if g not in governors]
            role_tokens.extend(toks)
            if not subj_actors and noun_gov is not None:
                # "the commitment of Canada to help": the noun's owner does it
                owner = _children(noun_gov, "poss") + _pobjs(noun_gov, "of", "by", "from")
                subj_actors = [a for o in owner for a in self.actors(o)]
                role_tokens.extend(owner)
        else:
            subj_actors = []
        # a doer we could not resolve ("any country that", "30 countries") is not a gap
        # to fill from context; a pronoun or a thing ("it", "the package") is
        doer = subj if subj is not None else (verb.head if verb.dep_ == "relcl" else None)
        supporter_slot = (
            not subj_actors
            and doer is not None
            and doer.lemma_.lower() in self.lex.actor_heads
            and doer.pos_ != "PRON"
        )
        reading = Reading(verb, frame, spec, passive, chain, checked_patterns(), subj_actors)
        dobjs = reading.slot("object", self)
        if (
            verb.dep_ == "acl"
            and verb.tag_ == "VBN"
            and not dobjs
            and frame == "give"
            and not reduced
        ):
            dobjs = reading.slots["object"] = [verb.head]  # "troops stationed in Japan"
        if reduced:
            reading.slots["passive-subject"] = [verb.head]
            resolvers.append("reduced-passive")
        if passive and not reading.slot("passive-subject", self):
            raised = raised_subject(chain[0])
            reading.slots["passive-subject"] = [raised] if raised is not None else []
            if raised is not None:
                resolvers.append("raised-subject")
        to_objs = reading.slot("to", self)
        if (dobjs and not _children(verb, "dobj")) or (
            to_objs and not _pobjs(verb, *RECIPIENT_PREPS)
        ):
            if verb.dep_ != "acl":
                resolvers.append("conjunct-share")
        reading.recipient_slot = bool(to_objs)
        if frame in ("give", "pledge", "refuse", "halt") and reading.object_is_recipient:
            reading.recipient_slot = reading.recipient_slot or bool(dobjs)
        if frame == "back" and not passive:
            reading.recipient_slot = reading.recipient_slot or bool(dobjs)
        run_steps(self, reading)
        if reading.stop:
            return None
        if frame == "allow" and "allow.permitted" not in reading.fired:
            return None  # let whom? a permission names its beneficiary or is none
        resolvers.extend(reading.fired)
        supporters, recipients, items = reading.supporters, reading.recipients, reading.items
        role_tokens.extend(reading.role_tokens)
        recipient_slot = reading.recipient_slot
        base = spec.get("status", "delivered")
        items = self.item_heads(items)
        items.extend(t for t in self.elaborations(verb, items) if t not in items)
        # "shares a border", "seeking revenge", "asked for talks": nothing is given
        gives_something = any(i.lemma_.lower() not in lex.noise_heads for i in items)
        if spec.get("needs_items") and not gives_something:
            return None
        if any(t.lemma_.lower() in self.lex.hypo_lemmas for t in items):
            return None  # "announced a critic of sending aid": a stance, not support
        if verb.lemma_ == "withdraw" and not recipients:
            recipients = [a for t in _pobjs(verb, "from") for a in self.actors(t)]
        status = self.status_of(verb, base, governors)
        if status is None:
            return None
        if (
            frame == "receive"
            and status == "pledged"
            and any(g.lemma_ in WANTING for g in governors)
        ):
            status = "requested"  # "Russia is seeking to buy drones from Iran": asked for
        verb_type = spec.get("type")
        types = self.types_for(items, verb_type)
        if frame == "back" and types in ([], ["unspecified"]) and self._at_venue(verb):
            types = ["diplomatic"]  # "backed X at the United Nations"
        if frame == "back":
            if role_tokens and any(
                t.lemma_.lower() in lex.personnel_heads for t in role_tokens[:1]
            ):
                types = ["personnel"]
            elif not types:
                types = [verb_type or "unspecified"]
        if frame in ("pledge", "refuse", "halt", "request") and not gives_something:
            return None
        if not types and frame in ("give", "allow") and not items and verb_type:
            types = [verb_type]
        whom = {"give.object", "give.passive-recipient"}.intersection(reading.fired)
        if not types and frame == "give" and not reading.items and whom:
            types = ["unspecified"]  # "Iran has long supplied Hezbollah": whom, not what
        leaned = {"receive.relied-on", "receive.turned-to"}.intersection(reading.fired)
        if not types and frame == "receive" and not reading.items and leaned:
            types = ["unspecified"]  # "the junta turned to Wagner", "relies on Iran"
        if (
            types == ["unspecified"]
            and supporters
            and all(self.names.gaz.org_kind.get(s) == "pmc" for s in supporters)
        ):
            types = ["personnel"]  # what a private military company gives is its men
        if spec.get("needs_items") and not types:
            return None
        if not types:
            return None
        event = Event(
            verb,
            supporters,
            recipients,
            types,
            status,
            items,
            governors,
            role_tokens,
            frame,
            recipient_slot,
            supporter_slot if frame in ("give", "pledge", "refuse", "halt", "back") else False,
        )
        event.resolvers = resolvers
        return event

    def _purpose_of_another_act(self, verb: Token) -> bool:
        """ "sped up arms sales to help Iraq repel al-Qaeda", "moved in trainers to help
        the Russians use them": "to help X do Y" states what another act is for; that act
        is the claim (read on its own), the purpose is not a second one. Under a verb of
        commitment ("committed to help") it is the act itself."""
        if verb.lemma_ not in ("help", "assist", "aid"):
            return False
        if verb.dep_ not in ("advcl", "xcomp", "acl"):  # acl: "in order to help"
            return False
        head = verb.head
        if head == verb or head.lemma_ in self.lex.governors:
            return False
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return False
        return any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)

    def _at_venue(self, verb: Token) -> bool:
        """Is the act done at a diplomatic forum ("at the United Nations", "in the
        Security Council")?"""
        for pobj in _pobjs(verb, "at", "in", "before"):
            phrase = " ".join(t.lower_ for t in pobj.subtree if t.dep_ != "det")
            if phrase.replace(".", "") in self.lex.diplomatic_venues:
                return True
        return False

    def enemy_of_enemy(self, verb: Token, items: list[Token], supporters: list[str]) -> list[str]:
        """Support sent "to fight X" with no recipient named: X's one adversary in
        conflicts.yaml receives it ("troops to fight Russian forces": Ukraine). Nothing
        when X has no adversary or several."""
        clauses = _children(verb, "advcl", "xcomp") + [
            c for item in items for c in _children(item, "acl", "relcl", "advcl")
        ]
        enemies: list[str] = []
        for clause in clauses:
            if clause.lemma_ in self.lex.fight_verbs:
                for obj in _children(clause, "dobj") + _pobjs(clause, "against"):
                    enemies.extend(self.actors(obj, strict=False))
        enemies += [a for t in _pobjs(verb, "against") for a in self.actors(t, strict=False)]
        found: list[str] = []
        for enemy in enemies:
            sides = [
                other
                for pair in self.lex.adversaries
                if enemy in pair
                for other in pair
                if other != enemy
            ]
            sides = [s for s in sides if s not in supporters]
            if len(sides) == 1 and sides[0] not in found:
                found.append(sides[0])
        return found

    def _group(self, token: Token) -> list[str]:
        """ "the two countries", "both nations": the article's last coordination of that
        many named states, or nothing."""
        counts = {"two": 2, "both": 2, "three": 3}
        size = None
        for child in token.children:
            if child.dep_ in ("nummod", "det", "predet") and child.lower_ in counts:
                size = counts[child.lower_]
            elif child.dep_ not in ("det", "punct"):
                return []
        group = self.names.ctx.last_group
        return list(group) if size is not None and len(group) == size else []

    def origin_events(self, sent: Span, events: list[Event]) -> list[Event]:
        """Weapons named by their country in someone else's hands: "Hezbollah transfers
        Iranian weapons", "Russia has been piloting Iranian UAVs" -> Iran armed the holder.
        A bare demonym or "X-supplied" counts ("Iranian-made" says who built it, not who
        gave it)."""
        found = []
        for tok in sent:
            if tok.pos_ != "VERB":
                continue
            spec = self.lex.verbs.get(tok.lemma_, {})
            frame = spec.get("frame")
            if tok.lemma_ not in self.lex.use_verbs and frame not in ("give", "receive"):
                continue
            for item in self.item_heads(_children(tok, "dobj") + _pobjs(tok, "with")):
                origin = None
                for child in item.children:
                    mention = self.names.mention(child)
                    if (
                        child.dep_ == "amod"
                        and mention is not None
                        and mention.kind == "demonym"
                        and child.i + 1 < len(child.doc)
                        and child.nbor().text not in ("-", "–")
                    ):
                        origin = mention.actor
                    elif child.lower_ in GIVEN_PARTICIPLES and child.i >= 2:
                        # "German-supplied Leopard tanks" (not "German-made": the maker)
                        if child.nbor(-1).text in ("-", "–"):
                            giver = self.names.by_token.get(child.i - 2)
                            if giver is not None and giver.kind in ("demonym", "state"):
                                origin = giver.actor
                if origin is None or self.classify(item) != "arms":
                    continue
                if frame == "receive":
                    subj = _subject(tok)
                    holders = self.actors(subj) if subj is not None else []
                else:
                    subj = _subject(tok)
                    holders = self.actors(subj) if subj is not None else self.controller(tok)[0]
                holders = [h for h in holders if h != origin]
                if holders:
                    found.append(
                        Event(
                            tok, [origin], holders, ["arms"], "delivered", [item], [], [], "origin"
                        )
                    )
        return found

    def movement_events(self, sent: Span, events: list[Event]) -> list[Event]:
        """Personnel on the move: "... from members of the Iranian military, some of whom
        are believed to have traveled to Ukraine" -> the giver's people went: personnel."""
        found = []
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_ not in MOVE_VERBS:
                continue
            anc = tok
            for _ in range(5):
                if anc.head == anc:
                    break
                anc = anc.head
                if anc.lemma_.lower() not in self.lex.personnel_heads:
                    continue
                for event in events:
                    if anc in event.role_tokens and event.supporters and event.recipients:
                        found.append(
                            Event(
                                tok,
                                event.supporters,
                                event.recipients,
                                ["personnel"],
                                "delivered",
                                [],
                                [],
                                [anc],
                            )
                        )
                        return found
        return found

    def participle_event(self, tok: Token) -> Event | None:
        """ "Iran-backed Houthis", "US-funded programme": the modifier supports the head."""
        if tok.dep_ not in ("amod", "acl", "compound", "ROOT", "nmod") and tok.i == 0:
            return None
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is None or prev.text not in ("-", "–"):
            return None
        giver = tok.doc[tok.i - 2] if tok.i > 1 else None
        if giver is None:
            return None
        if prev.whitespace_ or giver.whitespace_ or giver.is_punct:
            return None  # a hyphenated word only; not a list dash after a heading label
        supporters = self.names.phrase_actors(giver, None, depth=0)
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        head = tok.head if tok.head != tok else None
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
            head = nxt
        while head is not None and head.pos_ not in ("NOUN", "PROPN") and head.head != head:
            head = head.head
        if head is None:
            return None
        recipients = self.participle_recipients(head)
        _, typ = PARTICIPLES.get(tok.lower_) or PARTICIPLES[tok.lemma_.lower() + "ed"]
        return Event(tok, supporters, recipients, [typ], "delivered", [], [], [head])

    def behalf_event(self, tok: Token) -> Event | None:
        """ "Russian warplanes carried out airstrikes in support of Assad's forces",
        "fighters who fought on behalf of the junta", "Hezbollah fighters fighting alongside
        Syrian troops": an act done for X by the doer of the clause. Combat when the act is
        one of war; personnel when troops or fighters do it; otherwise unspecified."""
        lemma = tok.lemma_.lower()
        if (
            tok.dep_ == "pobj"
            and lemma in ("support", "behalf")
            and tok.head.lower_ in ("in", "on")
        ):
            if lemma == "support" and tok.head.lower_ != "in":
                return None
            if any(c.dep_ in ("poss", "amod", "compound") for c in tok.children):
                return None  # "in US support of X" is read as a support noun
            beneficiaries = _pobjs(tok, "of")
            anchor = tok.head.head
        elif tok.lower_ in ("alongside", "for") and tok.dep_ == "prep":
            beneficiaries = _children(tok, "pobj")
            anchor = tok.head
            if anchor.lemma_.lower() not in self.lex.fight_verbs | {"fight", "serve"}:
                return None
            if not any(t.lemma_.lower() in HOST_FORCES for t in beneficiaries):
                # "troops fought alongside British volunteers": who helps whom? "fought for
                # Ukraine" may be for its sake; "for the Assad regime" is for its side
                return None
        else:
            return None
        if any(t.lemma_.lower() in self.lex.stance_objects for t in beneficiaries):
            return None  # "in support of Ukraine's bid": a stance
        recipients = [a for t in beneficiaries for a in self.actors(t, strict=False)]
        verb = anchor
        acts = [anchor]
        while verb.pos_ != "VERB" and verb.head != verb:
            verb = verb.head
            acts.append(verb)
        if verb.pos_ != "VERB" or not recipients:
            return None
        subject = _subject(verb)
        if subject is None:
            return None
        supporters = [a for a in self.actors(subject, strict=False) if a not in recipients]
        if not supporters or self.hypothetical(verb):
            return None
        status = self.status_of(verb, "delivered", self.governors_of(verb))
        if status is None:
            return None
        acts += _children(verb, "dobj")
        combat = any(
            a.lemma_.lower() in self.lex.combat_acts or a.lower_ in self.lex.combat_acts
            for a in acts
        )
        if subject.lemma_.lower() in self.lex.personnel_heads:
            typ = "personnel"
        else:
            typ = "combat" if combat else "unspecified"
        return Event(tok, supporters, recipients, [typ], status, [], [], [subject])

    def participle_recipients(self, head: Token) -> list[str]:
        """Who an "X-backed" phrase is about. A group noun ("the Iran-backed Lebanese
        militant group Hezbollah", "an Iran-backed militia") is the group its phrase names
        (apposition, compound), else the one it is predicated of ("The Houthis are an
        Iran-backed movement") or in apposition to; a demonym on it says where the group is
        from, not who it is. Other heads ("Saudi-backed Yemeni government forces") are
        read as any phrase."""
        if head.lemma_.lower() not in GROUP_NOUNS or head.pos_ != "NOUN":
            return self.names.phrase_actors(head, None, depth=1)
        for child in head.children:
            if child.dep_ in ("appos", "compound") and child.pos_ == "PROPN" and child.i > head.i:
                named = self.names.phrase_actors(child, None, depth=0)
                if named:
                    return named
        own = self.names.actor_at(head, None)
        if own:
            return [own]
        if head.dep_ in ("attr", "oprd"):
            subj = _subject(head.head, passive=True) or raised_subject(head.head)
            return self.actors(subj) if subj is not None else []
        if head.dep_ == "appos" and head.head != head:
            return self.actors(head.head)
        return self.names.phrase_actors(head, None, depth=1)

    def relation_referent(self, noun: Token) -> list[str]:
        """Who a relation noun ("proxy", "backer") stands for: the subject it is predicated
        of ("Hamas is an Iranian proxy", "X, which are considered proxies"), what it is in
        apposition to, or the noun it modifies ("the Iranian proxy group")."""
        found: list[str] = []
        if noun.dep_ in ("attr", "oprd", "acomp"):
            verb = noun.head
            subj = _subject(verb, passive=True) or raised_subject(verb)
            if subj is None and verb.dep_ in ("ccomp", "xcomp", "relcl"):
                subj = _subject(verb.head, passive=True)
            found = self.actors(subj) if subj is not None else []
        elif noun.dep_ == "appos":
            found = self.actors(noun.head)
        elif noun.dep_ in ("compound", "amod") and noun.head.pos_ in ("NOUN", "PROPN"):
            # "the Iranian proxy group": modifiers before the relation noun name the other
            # side, so only the head itself (or what it stands for) is the referent
            head = noun.head
            found = [] if head.lemma_.lower() in GROUP_NOUNS else self.actors(head)
        if not found:
            members = [c for c in noun.children if c.dep_ in ("appos",)]
            found = [a for m in members for a in self.actors(m)]
        if not found:
            # "Iran and its proxies, Hamas and Hezbollah": the parser hangs the list the
            # noun is glossed by as its conjuncts; only named groups right after the comma
            found = [
                a
                for m in noun.children
                if m.dep_ == "conj" and m.i == noun.i + 2 and noun.nbor(1).text == ","
                for a in self._named_groups(m)
            ]
        if not found and noun.dep_ in ("nsubj", "nsubjpass"):
            # "their main supporters are Qatar and Saudi Arabia", "... are Iran's rivals:
            # Qatar and Saudi Arabia" (what the predicate is in apposition with first)
            for t in _children(noun.head, "attr"):
                named = [a for m in _children(t, "appos") for a in self.actors(m)]
                if not named and t.lemma_.lower() in ADVERSARY_NOUNS:
                    continue  # "... are Iran's rivals": not Iran
                found.extend(named or self.actors(t))
        if not found and noun.dep_ in ("compound", "amod"):
            found = self.group_antecedent(noun.head)
        return found

    def _named_groups(self, token: Token) -> list[str]:
        """The armed groups, movements and companies a phrase and its conjuncts name (no
        states)."""
        found = []
        for tok in [token, *token.conjuncts]:
            mention = self.names.by_token.get(tok.i)
            if mention is None or mention.kind != "org" or not mention.actor:
                continue
            if self.names.gaz.actor_state.get(mention.actor) == mention.actor:
                continue
            if mention.actor not in found:
                found.append(mention.actor)
        return found

    def group_antecedent(self, head: Token) -> list[str]:
        """ "the Iranian proxy group", "the militia": a bare group noun means the last
        armed group, movement or company named before it in the sentence (not a state)."""
        if head.lemma_.lower() not in GROUP_NOUNS:
            return []
        for i in range(head.i - 1, head.sent.start - 1, -1):
            mention = self.names.by_token.get(i)
            if mention is None or not mention.actor or mention.kind != "org":
                continue
            if self.names.gaz.actor_state.get(mention.actor) == mention.actor:
                continue  # a state body named as an organisation
            return [mention.actor]
        return []

    def relation_noun_event(self, noun: Token, spec: dict) -> Event | None:
        """ "Iranian proxies", "their backers in Tehran", "the rebels' main supporters are
        Qatar and Saudi Arabia", "a major recipient of Chinese military loans": a noun that
        names one side of a support relation, the other side on its own phrase."""
        referent = self.relation_referent(noun)
        owners = [c for c in noun.children if c.dep_ == "poss"]
        modifiers = [
            c for c in noun.children if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i
        ]
        if noun.dep_ in ("compound", "amod"):  # "the Iranian proxy group"
            modifiers += [
                c
                for c in noun.head.children
                if c.dep_ in ("amod", "compound", "poss") and c.i < noun.i
            ]
        doc = noun.doc
        modifiers = [  # "Lebanon-based Iranian proxy Hezbollah": where it is, not who backs it
            m
            for m in modifiers
            if m.lower_ not in ("based", "headquartered")
            and not (
                m.i + 2 < len(doc) and doc[m.i + 1].text == "-" and doc[m.i + 2].lower_ == "based"
            )
        ]
        if noun.dep_ == "conj" and any(o.lower_ in ("its", "their") for o in owners):
            # "Iran and its proxies": the pronoun is the conjunct before it
            owners = [noun.head]
        ofs = _pobjs(noun, "of")
        items: list[Token] = []
        if spec.get("role") == "supporter":
            # the referent gives; the owner ("their", "Ukraine's") or "of X" receives
            if not referent:
                located = _pobjs(noun, "in", "from")
                referent = [a for t in located + modifiers for a in self.actors(t, strict=False)]
            other = [a for t in owners + ofs for a in self.actors(t)]
            # "the main arms supplier to India", "Pakistan's largest supplier of weapons":
            # what is given sits on the noun as a compound or "of" (when not an actor)
            items = [c for c in noun.children if c.dep_ == "compound" and not self.actors(c)]
            items += [t for t in ofs if not self.actors(t)]
            if not other and referent:
                # "a donor of military aid to Ukraine": what is given, and to whom
                given_to = _pobjs(noun, "to", "for") + [t for o in ofs for t in _pobjs(o, "to")]
                if noun.dep_ == "attr":  # the parser may hang "to X" on the copula
                    given_to += _pobjs(noun.head, "to")
                other = [a for t in given_to for a in self.actors(t)]
            supporters, recipients = referent, other
        else:
            # the referent receives; an actor modifier, owner or "of X" gives
            other = [a for t in owners + modifiers for a in self.actors(t, strict=False)]
            if not other:
                for t in ofs:
                    found = self.actors(t)
                    if found:
                        other.extend(found)
                    else:  # "recipient of Chinese military loans": what, and from whom
                        items.append(t)
                        other.extend(self.origin_actors(t))
            supporters, recipients = other, referent
        supporters = [a for a in supporters if a not in recipients]
        if not supporters or not recipients:
            return None
        modal = {c.lower_ for c in noun.head.children if c.dep_ == "aux"}
        if modal & {"could", "might", "may", "would", "should"} or noun.head.lower_ == "if":
            return None  # its own clause is hypothetical ("X could become Iran's proxy")
        types = self.types_for(self.item_heads(items), None) if items else []
        status = "delivered"
        verb = noun.head
        if verb.dep_ == "xcomp" and self.lex.governors.get(verb.head.lemma_) == "halted":
            status = "halted"  # "the US stopped being a donor of aid to Ukraine"
        if spec.get("needs_items") and not [t for t in types if t != "unspecified"]:
            return None  # "buyers of Russian oil": trade, not support
        types = types or [spec.get("type") or "unspecified"]
        return Event(noun, supporters, recipients, types, status, items)

    def origin_actors(self, item: Token, exclude: list[str] = ()) -> list[str]:
        """The actors an item's own modifiers name as where it comes from ("North Korea's
        ballistic missiles", "Dutch F-16s", "Chinese military loans"), less ``exclude``."""
        found: list[str] = []
        for c in item.children:
            if c.dep_ in ("amod", "poss", "compound", "nmod") and c.i < item.i:
                found.extend(
                    a for a in self.actors(c, strict=False) if a not in exclude and a not in found
                )
        return found

    def receiving_noun_event(self, noun: Token, spec: dict) -> Event | None:
        """ "Russia's procurement of North Korea's ballistic missiles", "Iran's purchases of
        Russian jets from Moscow": the owner receives; "from X" or the owner of what is
        received (its possessive or origin demonym) gives."""
        recipients = [  # not a demonym: "Russian imports" may come from Russia
            a
            for c in noun.children
            if c.dep_ in ("poss", "compound") and c.i < noun.i
            for a in self.actors(c)
        ]
        supporters = [a for t in _pobjs(noun, "from") for a in self.actors(t)]
        items = self.item_heads(_pobjs(noun, "of"))
        if not supporters:
            for item in items:
                supporters.extend(self.origin_actors(item, recipients))
        typ = self.types_for(items, spec.get("type"))
        if not supporters or not recipients or not typ or typ == ["unspecified"]:
            return None
        if self.hypothetical(noun):
            return None
        return Event(noun, supporters, recipients, typ, "delivered", items, [], [])

    def noun_event(self, noun: Token, spec: dict) -> Event | None:
        """ "US support for Ukraine", "Iran's deliveries to Russia"; with ``frame: receive``
        the owner is the recipient ("Russia's procurement of North Korea's missiles")."""
        if spec.get("frame") == "receive":
            return self.receiving_noun_event(noun, spec)
        reading = Reading(noun, "noun", spec, False, [noun], checked_patterns(), [])
        run_steps(self, reading)
        supporters, recipients = reading.supporters, reading.recipients
        if not supporters or not recipients:
            return None
        if self.hypothetical(noun):
            return None
        governors = [noun.head, *self.governors_of(noun.head)] if noun.head != noun else []
        base = spec.get("status", "delivered")
        if noun.dep_ == "pobj" and noun.head.head.pos_ == "NOUN":
            noun_status = self.lex.governors.get(noun.head.head.lemma_)
            if noun_status is not None and noun.head.head.lemma_ != "stop":
                base = noun_status  # "a reduction in US aid", "a request for weapons"
        status = base
        if noun.head.pos_ == "VERB":
            head_spec = self.lex.verbs.get(noun.head.lemma_, {})
            if head_spec.get("status"):
                status = head_spec["status"]
                asked = {self.lex.governors.get(g.lemma_) for g in self.governors_of(noun.head)}
                if status == "halted" and "requested" in asked:
                    status = "delivered"  # "calls on Russia to end support for Syria": it goes on
            else:
                found = self.status_of(noun.head, base, governors)
                if found is None:
                    return None
                status = found
        for t in _pobjs(noun, "for", "of"):
            if t.lemma_.lower() in self.lex.stance_objects:
                return None  # "support for President Yoon's vision": a stance, not support
        typ = spec.get("type") or self.classify(noun) or "unspecified"
        if typ == "unspecified" and noun.head.lemma_ in self.lex.declaring_verbs:
            typ = "diplomatic"  # "voiced its support for X": public support
        items = [noun] if typ not in ("unspecified", "diplomatic") else []
        types = [typ]
        if typ == "unspecified" and noun.dep_ == "nsubj" and noun.head.lemma_ == "include":
            # "Iran's support for Hamas includes money, weapons and training"
            listed = self.item_heads(_children(noun.head, "dobj"))
            kinds = [k for k in dict.fromkeys(self.classify(t) for t in listed) if k]
            if kinds:
                types, items = kinds, listed
        event = Event(noun, supporters, recipients, types, status, items, governors, [])
        event.resolvers = reading.fired
        return event
