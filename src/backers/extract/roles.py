"""Runs the role patterns of data/patterns.yaml on one verb cue: the named tests the
patterns use, the named resolvers (the readings that are truly procedural: coordination,
discourse, what moves roles other steps found), and the loop that runs a frame's steps.

backers.extract.events prepares a :class:`Reading` (the cue, its voice, the subject's
actors) and reads the event off it when the steps are done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from backers.extract.patterns import (
    PatternError,
    Patterns,
    PatternStep,
    follow,
    patterns,
    prep_objects,
)

# Words of quantity or packaging whose "of X" says what it is ("thousands of troops",
# "a shipment of drones").
AMOUNT_HEADS = frozenset(
    {
        "dozen",
        "dozens",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "number",
        "batch",
        "shipment",
        "container",
        "crate",
        "cargo",
        "consignment",
        "load",
        "tranche",
        "round",
        "lot",
        "amount",
        "kind",
        "type",
        "range",
        "variety",
        "worth",
        "series",
        "supply",
        "supplies",
        "delivery",
        "deliveries",
        "package",
        "more",
        "some",
        "all",
        "part",
        "portion",
        "$",
    }
)

# Pronouns and demonstratives that stand for what is given, never for a recipient.
PRONOUN_ITEMS = frozenset({"it", "them", "they", "this", "these", "those", "that"})


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def pobjs(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions ``preps``: "to X", "by X"."""
    return prep_objects(token, frozenset(preps))


def subject(token: Token, passive: bool = False) -> Token | None:
    """The subject of a verb; of several (a parse error), the one nearest before it."""
    deps = ("nsubj", "csubj", "nsubjpass") if passive else ("nsubj", "csubj")
    found = [child for child in token.children if child.dep_ in deps]
    if not found:
        # "Taipei has for decades purchased ...": the subject hangs on the auxiliary
        for aux in token.children:
            if aux.dep_ == "aux":
                found.extend(c for c in aux.children if c.dep_ in deps)
    before = [child for child in found if child.i < token.i]
    if before:
        return before[-1]
    return found[0] if found else None


@dataclass
class Reading:
    """What the steps of one verb cue have found so far."""

    verb: Token
    frame: str
    spec: dict
    passive: bool
    chain: list[Token]
    patterns: Patterns
    subj_actors: list[str]
    recipient_slot: bool = False
    supporters: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    items: list[Token] = field(default_factory=list)
    role_tokens: list[Token] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)  # the ids that filled a role, in order
    slots: dict[str, list[Token]] = field(default_factory=dict)  # read once, or set by code
    taken: dict[str, set[int]] = field(default_factory=dict)  # slot -> tokens a test took
    stop: bool = False  # a resolver found the cue is no event

    def slot(self, name: str, reader: Any) -> list[Token]:
        """The tokens of slot ``name``: a path slot is read once (code may set it first:
        a reduced passive's subject); a code slot is computed now, from what is found."""
        if name in self.slots:
            return self.slots[name]
        if self.patterns.slots[name].code:
            return CODE_SLOTS[name](reader, self)
        found = self.patterns.slot_tokens(name, self.verb, self.chain, self.passive)
        self.slots[name] = found
        return found

    def role(self, name: str) -> list[Any]:
        return {"supporter": self.supporters, "recipient": self.recipients}.get(name, self.items)

    @property
    def object_is_recipient(self) -> bool:
        """ "trained a professional force", "armed the rebels", "funds the government": the
        object is whom."""
        return self.spec.get("type") in ("training", "arms", "funding")


def run_steps(reader: Any, reading: Reading) -> None:
    """Runs the frame's steps in order (see the header of patterns.yaml)."""
    for step in reading.patterns.frames[reading.frame]:
        if step.resolver:
            RESOLVERS[step.id](reader, reading)
            if reading.stop:
                return
            continue
        if step.voice is not None and (step.voice == "passive") != reading.passive:
            continue
        if step.fallback and reading.role(step.role):
            continue
        if any(u in reading.fired for u in step.unless):
            continue
        if step.verbs is not None and reading.verb.lemma_ not in step.verbs:
            continue
        if apply_pattern(reader, reading, step):
            reading.fired.append(step.id)


def apply_pattern(reader: Any, reading: Reading, step: PatternStep) -> bool:
    """Gives the tokens of the pattern's slots their roles; True when it gave one."""
    filled = False
    for name in step.slots:
        if name == "doer":
            filled |= _add(reading, step, reading.subj_actors)
            continue
        tokens = reading.slot(name, reader)
        if step.paths:
            tokens = [f for t in tokens for path in step.paths for f in follow(t, path)]
        taken = reading.taken.setdefault(name, set())
        for tok in tokens:
            if tok.i in taken and not step.paths:
                continue
            ok = all(TESTS[test](reader, reading, tok) for test in step.when)
            if ok and step.when:
                taken.add(tok.i)
            if step.role_token == "all":
                reading.role_tokens.append(tok)
            role = step.role if ok else step.otherwise
            if role is None:
                continue
            if role == "items":
                reading.items.append(tok)
                filled = True
                if ok and step.lend == "supporter" and not reading.supporters:
                    reading.supporters = reader.actors(tok)
                    reading.role_tokens.append(tok)
                    filled |= bool(reading.supporters)
                continue
            found = reader.actors(tok, strict=not step.loose)
            if _add(reading, step, found) and step.role_token == "role":
                reading.role_tokens.append(tok)
            filled |= bool(found)
    return filled


def _add(reading: Reading, step: PatternStep, actors: list[str]) -> bool:
    role = reading.role(step.role)
    other = reading.recipients if step.role == "supporter" else reading.supporters
    added = False
    for actor in actors:
        if step.distinct and actor in other:
            continue
        if actor not in role:
            role.append(actor)
        added = True
    return added


# -- tests: named conditions a pattern's `when` lists ---------------------------------------
def _names_actor(reader: Any, reading: Reading, tok: Token) -> bool:
    return bool(reader.actors(tok))


def _named_or_arming(reader: Any, reading: Reading, tok: Token) -> bool:
    """The phrase is itself an actor's name ("sent Russia drones"), or the verb's object
    is whom it acts on ("armed the rebels")."""
    direct = reader.names.actor_at(tok, reader.speaker_at(tok)) is not None
    return direct or reading.object_is_recipient


def counted(tok: Token) -> Token:
    """What a count or a quantity word counts ("thousands of North Korean soldiers")."""
    if tok.lemma_.lower() in AMOUNT_HEADS:
        return next(iter(pobjs(tok, "of")), tok)
    return tok


def _people(reader: Any, reading: Reading, tok: Token) -> bool:
    """Troops, advisers, mercenaries ("Wagner mercenaries", "hundreds of soldiers")."""
    return counted(tok).lemma_.lower() in reader.lex.personnel_heads


def _sent_people(reader: Any, reading: Reading, tok: Token) -> bool:
    """ "French troops were deployed to Mali": people are sent, and their side sends them."""
    return (
        _people(reader, reading, tok)
        and not reading.object_is_recipient
        and not reading.slot("object", reader)
        and not reader.names.actor_at(counted(tok), None)
    )


def _purpose_mark(reader: Any, reading: Reading, tok: Token) -> bool:
    """The subject of a clause of purpose: "drones for Russia to use", "funds so (that)
    Ukraine could buy fuel"."""
    clause = tok.head
    for child in clause.children:
        if child.dep_ == "mark" and child.lower_ in ("for", "so"):
            return True
        if child.dep_ == "mark" and child.lower_ == "that" and child.i > 0:
            if child.nbor(-1).lower_ == "so":
                return True
    return False


def _direct_actor(reader: Any, reading: Reading, tok: Token) -> bool:
    """The token is itself (part of) an actor's name: "sold Azerbaijan drones", which the
    parser reads as a compound."""
    return reader.names.actor_at(tok, reader.speaker_at(tok)) is not None and bool(
        reader.actors(tok)
    )


def _not_people_sent_on(reader: Any, reading: Reading, tok: Token) -> bool:
    """ "sent Wagner mercenaries to the Central African Republic": people sent to a named
    destination are what is sent, not whom it is sent to."""
    return not (tok.lemma_.lower() in reader.lex.personnel_heads and reading.slot("to", reader))


def _opens_phrase(reader: Any, reading: Reading, tok: Token) -> bool:
    """Nothing of its phrase stands before it ("sold Azerbaijan drones", not "an EU aid
    package", where the name describes the package)."""
    return tok.left_edge.i == tok.head.left_edge.i


def _names_no_people(reader: Any, reading: Reading, tok: Token) -> bool:
    """The phrase is not people of the name ("U.S. troops" are the sender's own)."""
    return tok.head.lemma_.lower() not in reader.lex.personnel_heads


def _after_a_sum(reader: Any, reading: Reading, tok: Token) -> bool:
    """The verb's object is a sum or a count ("received $3.8 billion in US aid"), so what it
    is "in" is what is given."""
    return any(is_money(o) for o in reading.slot("object", reader))


def is_money(tok: Token) -> bool:
    """ "$3.8 billion", "$400m", "2 billion euros": a sum of money."""
    return tok.ent_type_ == "MONEY" or any(t.tag_ == "$" for t in tok.subtree if t.i < tok.i)


def is_sum(tok: Token) -> bool:
    """ "$3.8 billion", "$400m", "2 billion euros", "thousands": a sum or a count."""
    if tok.lemma_.lower() in AMOUNT_HEADS or tok.like_num or tok.tag_ == "$":
        return True
    return any(c.like_num or c.tag_ == "$" for c in tok.children if c.i < tok.i) and (
        tok.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY") or tok.lemma_.lower() in ("m", "bn")
    )


def _lets_use(reader: Any, reading: Reading, tok: Token) -> bool:
    """The one let is let use the giver's means ("allowed X to use its territory")."""
    using = reading.patterns.sets["using_verbs"]
    return any(c.dep_ in ("xcomp", "ccomp") and c.lemma_ in using for c in reading.verb.children)


TESTS: dict[str, Callable[[Any, Reading, Token], bool]] = {
    "lets-use": _lets_use,
    "after-a-sum": _after_a_sum,
    "supporter-named": lambda reader, reading, tok: bool(reading.supporters),
    "names-no-people": _names_no_people,
    "opens-phrase": _opens_phrase,
    "direct-actor": _direct_actor,
    "not-people-sent-on": _not_people_sent_on,
    "purpose-mark": _purpose_mark,
    "names-actor": _names_actor,
    "not-actor": lambda reader, reading, tok: not reader.actors(tok),
    "not-pronoun": lambda reader, reading, tok: tok.lower_ not in PRONOUN_ITEMS,
    "named-or-arming": _named_or_arming,
    "sent-people": _sent_people,
    "people": _people,
    "no-people": lambda reader, reading, tok: not _people(reader, reading, tok),
}


# -- code slots -----------------------------------------------------------------------------
def _complement_subjects(reader: Any, reading: Reading) -> list[Token]:
    """ "helped the Houthis build missiles" parsed as a clause: its subject."""
    found = [subject(c) for c in children(reading.verb, "ccomp", "xcomp")]
    return [t for t in found if t is not None]


def _purpose_objects(reader: Any, reading: Reading) -> list[Token]:
    """ "sent £6 million to support Ukrainian cyber defences": the purpose's object."""
    purpose_verbs = reading.patterns.sets["purpose_verbs"]
    clauses = children(reading.verb, "advcl", "xcomp") + [
        c for item in reading.items for c in children(item, "relcl", "acl")
    ]
    return [
        obj
        for clause in clauses
        if clause.lemma_ in purpose_verbs
        for obj in children(clause, "dobj", "nsubj")
    ]


def _item_recipients(reader: Any, reading: Reading) -> list[Token]:
    """ "aid for the troops in X": a recipient named inside what is given (not the item
    itself: "pay for US troops stationed ...")."""
    preps = reading.patterns.sets["recipient_preps"]
    return [
        sub
        for item in reading.items
        for sub in item.subtree
        if sub != item and sub.dep_ == "pobj" and sub.head.lower_ in preps
    ]


def _welcomers(reader: Any, reading: Reading) -> list[Token]:
    """ "Kyiv welcomed Germany's decision to send tanks", "Zelensky thanked Britain for
    sending missiles": who welcomes or thanks for the act receives it."""
    welcoming = reading.patterns.sets["welcoming_verbs"]
    tok = reading.verb
    for _ in range(4):
        if tok.head == tok or tok.dep_ not in ("xcomp", "acl", "pcomp", "pobj", "prep", "dobj"):
            return []
        tok = tok.head
        if tok.pos_ == "VERB" and tok.lemma_ in welcoming:
            found = subject(tok)
            return [found] if found is not None else []
    return []


def _holders(reader: Any, reading: Reading) -> list[Token]:
    """ "The Houthis fired missiles supplied by Iran", "Romania will host a Patriot system
    donated by Germany": a reduced passive on the object of a verb of holding or using; the
    holder received it."""
    verb = reading.verb
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or noun == verb or noun.dep_ != "dobj":
        return []
    holder_verb = noun.head
    if holder_verb.lemma_ not in reading.patterns.sets["holding_verbs"]:
        return []
    found = subject(holder_verb)
    return [found] if found is not None else []


def _owners(reader: Any, reading: Reading) -> list[Token]:
    """ "US aid", "Iran's deliveries", "Dutch financing": what stands before the noun."""
    noun = reading.verb
    return [
        c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < noun.i
    ]


def _verb_recipients(reader: Any, reading: Reading) -> list[Token]:
    """ "expanded development assistance to the Philippines": the parser hangs the
    recipient on the verb whose object the noun is (a verb that is no cue itself)."""
    noun = reading.verb
    if noun.dep_ != "dobj" or noun.head.lemma_ in reader.lex.verbs:
        return []
    return pobjs(noun.head, "to", "for", "into")


def _item_origins(reader: Any, reading: Reading) -> list[Token]:
    """What is received, and what a sum of it is in ("$3.8 billion in US military aid")."""
    heads = reader.item_heads(reading.items)
    for head in list(heads):
        if head.lemma_.lower() in AMOUNT_HEADS or head.like_num or head.tag_ == "$":
            heads.extend(t for t in pobjs(head, "in", "of") if t not in heads)
    return heads


def _share_owners(reader: Any, reading: Reading) -> list[Token]:
    """ "supplies 80 percent of Myanmar's imported weapons": whose weapons a share is of."""
    shares = reading.patterns.sets["share_words"]
    return [
        owner
        for obj in reading.slot("object", reader)
        if obj.lemma_.lower() in shares or obj.lemma_.lower() in AMOUNT_HEADS
        for what in pobjs(obj, "of")
        for owner in children(what, "poss")
    ]


def _subject_owners(reader: Any, reading: Reading) -> list[Token]:
    """Whose the subject is: "Israel's arms imports", "most of Israel's weapons"."""
    subj = subject(reading.verb)
    if subj is None:
        return []
    shares = reading.patterns.sets["share_words"]
    counted = is_sum(subj) or subj.lemma_.lower() in shares or subj.lower_ == "much"
    heads = [subj, *pobjs(subj, "of")] if counted else [subj]
    return [owner for head in heads for owner in children(head, "poss")]


def _askers(reader: Any, reading: Reading) -> list[Token]:
    """ "Ukraine urged Germany to send missiles": who asks for the act receives it."""
    verb = reading.verb
    head = verb.head
    if verb.dep_ not in ("xcomp", "ccomp") or head == verb:
        return []
    if reader.lex.governors.get(head.lemma_) != "requested":
        return []
    found = subject(head)
    return [found] if found is not None else []


CODE_SLOTS: dict[str, Callable[[Any, Reading], list[Token]]] = {
    "asker": _askers,
    "subject-owner": _subject_owners,
    "owner": _owners,
    "verb-to": _verb_recipients,
    "holder": _holders,
    "welcomer": _welcomers,
    "complement-subject": _complement_subjects,
    "purpose-object": _purpose_objects,
    "item-recipient": _item_recipients,
    "item-origin": _item_origins,
    "share-owner": _share_owners,
}


# -- resolvers: named steps of code --------------------------------------------------------
def _shared_with(reader: Any, r: Reading) -> None:
    """ "shared intelligence with Kyiv": "with" names the recipient, not an item."""
    if r.verb.lemma_ != "share":
        return
    with_objs = r.slot("with", reader) + [p for t in r.items for p in pobjs(t, "with")]
    found = [a for t in with_objs for a in reader.actors(t)]
    r.recipients.extend(found)
    r.recipient_slot = r.recipient_slot or bool(with_objs)
    r.slots["with"] = []
    if found:
        r.fired.append("shared-with")


def _refused_request(reader: Any, r: Reading) -> None:
    """ "rejected Ukraine's request for tanks": the asker receives, "for" is what."""
    if r.frame != "refuse":
        return
    for tok in list(r.items):
        if reader.lex.governors.get(tok.lemma_) == "requested":
            r.items.remove(tok)
            r.items.extend(pobjs(tok, "for"))
            askers = children(tok, "poss") + pobjs(tok, "by", "from")
            found = [a for o in askers for a in reader.actors(o)]
            r.recipients.extend(found)
            if found:
                r.fired.append("refused-request")


def _with_object(reader: Any, r: Reading) -> None:
    """ "provides the island with the means": the object is whom (resolved if it can be,
    "supplying the country with drones"), what comes with "with" is given."""
    with_objs = r.slot("with", reader)
    if with_objs:
        objects = r.slot("dative", reader) + r.slot("object", reader)
        slot = [t for t in objects if t in r.items]
        r.items = [t for t in r.items if t not in slot]
        r.recipient_slot = bool(slot)
        for tok in slot:
            found = [a for a in reader.actors(tok) if a not in r.recipients]
            r.recipients.extend(found)
            if found and "with-object" not in r.fired:
                r.fired.append("with-object")
    r.items.extend(with_objs)


def _end_user(reader: Any, r: Reading) -> None:
    """ "for use by the Ukrainian army": the end user receives."""
    users = [
        a
        for t in r.slot("to", reader)
        if t.lower_ == "use"
        for u in pobjs(t, "by")
        for a in reader.actors(u)
    ]
    if users:
        r.recipients[:] = users
        r.fired.append("end-user")


def _relative_clause_item(reader: Any, r: Reading) -> None:
    """ "the weapons we are providing": the noun is the item, its user the recipient."""
    verb = r.verb
    if verb.dep_ != "relcl" or r.slot("object", reader) or subject(verb) is None:
        return
    r.items.append(verb.head)
    if not r.recipients and verb.head.dep_ in ("dobj", "pobj"):
        user = subject(verb.head.head)
        if user is not None:
            found = reader.actors(user)
            r.recipients.extend(found)
            if found:
                r.fired.append("relative-clause-item")


def _enemy_of_enemy(reader: Any, r: Reading) -> None:
    """ "troops to fight Russian forces", no recipient named: Russia's one adversary."""
    if r.recipients or r.recipient_slot:
        return
    found = reader.enemy_of_enemy(r.verb, r.items, r.supporters)
    if found:
        r.recipients.extend(found)
        r.fired.append("enemy-of-enemy")


def _own_ground(reader: Any, r: Reading) -> None:
    """ "Japan deployed interceptors around Tokyo": its own ground, no support."""
    if r.verb.lemma_ not in ("deploy", "station", "position", "base"):
        return
    places = pobjs(r.verb, "in", "around", "across", "on", "along", "near")
    if any(a in r.supporters for t in places for a in reader.actors(t, strict=False)):
        r.stop = True


def _stationed_host(reader: Any, r: Reading) -> None:
    """Troops or arms stationed somewhere: only a named host country receives them
    ("stationed on their territory": the owner hosts them)."""
    lemma = r.verb.lemma_
    if lemma in ("station", "base"):
        r.recipient_slot = True
        if not any(reader.classify(i) in ("personnel", "arms") for i in r.items):
            r.stop = True
            return
    if r.recipients or lemma not in ("station", "deploy", "base"):
        return
    for tok in pobjs(r.verb, "in", "on"):
        if reader.names.actor_at(tok, None):
            r.recipients.extend(reader.actors(tok))
        elif tok.lemma_.lower() in reader.lex.territory_heads:
            owners = [a for o in children(tok, "poss") for a in reader.actors(o)]
            owners = owners or reader.actors(tok, strict=False)  # "Japanese soil"
            r.recipients.extend(a for a in owners if a not in r.recipients)
    if r.recipients:
        r.fired.append("stationed-host")


def _stance_object(reader: Any, r: Reading) -> None:
    """ "backed Finland's bid to join NATO": a stance on a plan, not support."""
    if any(t.lemma_.lower() in reader.lex.stance_objects for t in r.slot("object", reader)):
        r.stop = True


def _request_source(reader: Any, r: Reading) -> None:
    """ "requested Patriot systems from Germany": asked of the one it comes from."""
    objects = r.slot("object", reader) or r.slot("asked-for", reader)
    sources = pobjs(r.verb, "from") + [p for t in objects for p in pobjs(t, "from")]
    if r.supporters or not sources or not objects:
        return
    r.supporters.extend(a for t in sources for a in reader.actors(t) if a not in r.recipients)
    if r.supporters:
        r.items = list(objects)  # "asking for F-16s from the Netherlands" too
        r.role_tokens.extend(sources)
        r.fired.append("request-source")


def _origin_of_request(reader: Any, r: Reading) -> None:
    """ "requested the transfer of Dutch F-16s": the thing asked for names its supplier."""
    objects = r.slot("object", reader)
    if r.supporters or not objects:
        return
    wanted = (
        [p for t in objects for p in pobjs(t, "of")]
        if any(t.lemma_.lower() in reader.lex.nouns for t in objects)
        else objects
    )
    for item in reader.item_heads(wanted):
        r.supporters.extend(reader.origin_actors(item, [*r.recipients, *r.supporters]))
    if r.supporters:
        r.items = list(wanted)
        r.fired.append("origin-of-request")


def _not_an_invasion(reader: Any, r: Reading) -> None:
    """Troops arriving in their side's enemy, or at home, are no support."""
    if not r.supporters or not r.items:
        r.stop = True
        return
    pairs = {frozenset((s, t)) for s in r.supporters for t in r.recipients}
    if any(len(pair) == 1 or pair in reader.lex.adversaries for pair in pairs):
        r.stop = True


def _misattached_preps(reader: Any, r: Reading) -> None:
    """ "concern over troop deployments by X to Y": "by X" and "to Y" hang on "concern";
    only those after the noun count."""
    noun = r.verb
    if noun.dep_ != "pobj" or (r.supporters and r.recipients):
        return
    owner = noun.head.head
    later = [p for p in owner.children if p.dep_ == "prep" and p.i > noun.i]
    fired = False
    for prep in later:
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if prep.lower_ in ("by", "from") and not r.supporters:
                r.supporters.extend(reader.actors(pobj))
                fired = fired or bool(r.supporters)
            elif prep.lower_ in ("to", "for", "into") and not r.recipients:
                r.recipients.extend(reader.actors(pobj))
                fired = fired or bool(r.recipients)
    if fired:
        r.fired.append("misattached-preps")


def _doer_of_verb(reader: Any, r: Reading) -> None:
    """ "Truss vowed to continue military aid to Ukraine": the doer of the verb whose
    object the noun is gives it."""
    noun = r.verb
    if not r.recipients or r.supporters or noun.dep_ not in ("dobj", "nsubjpass"):
        return
    subj = subject(noun.head)
    found = reader.actors(subj) if subj is not None else reader.controller(noun.head)[0]
    r.supporters.extend(found)
    if found:
        r.fired.append("doer-of-verb")


def _origin_of_item(reader: Any, r: Reading) -> None:
    """ "the deliveries of Iranian drones to Russia": what is given names its giver."""
    if not r.recipients or r.supporters:
        return
    for what in pobjs(r.verb, "of"):
        r.supporters.extend(reader.origin_actors(what, r.recipients))
    if r.supporters:
        r.fired.append("origin-of-item")


def _sum_in_kind(reader: Any, r: Reading) -> None:
    """ "received $3.8 billion in US military aid", "sent $400m in weapons": the sum is
    typed by what it is in (a weapons package described by its value is arms), so the sum
    is no item of its own."""
    if not any(i.endswith(".sum-in") for i in r.fired):
        return
    kinds = [t for t in r.items if not is_money(t)]
    if any(reader.classify(t, depth=0) is not None for t in kinds):
        r.items = kinds  # "$2.3 billion in total commitments": of any kind, unspecified


def _blocked_owner(reader: Any, r: Reading) -> None:
    """ "Hungary blocked an EU aid package for Ukraine": what is blocked or halted names
    its giver, and the one who blocks it is not the giver."""
    if r.verb.lemma_ not in r.patterns.sets["blocking_verbs"] or not r.supporters:
        return
    owners = [
        a
        for item in reader.item_heads(r.items)
        for a in reader.origin_actors(item, r.recipients)
        if a not in r.supporters
    ]
    if owners:
        r.supporters[:] = owners
        r.fired.append("blocked-owner")


RESOLVERS: dict[str, Callable[[Any, Reading], None]] = {
    "blocked-owner": _blocked_owner,
    "sum-in-kind": _sum_in_kind,
    "misattached-preps": _misattached_preps,
    "doer-of-verb": _doer_of_verb,
    "origin-of-item": _origin_of_item,
    "not-an-invasion": _not_an_invasion,
    "shared-with": _shared_with,
    "refused-request": _refused_request,
    "with-object": _with_object,
    "end-user": _end_user,
    "relative-clause-item": _relative_clause_item,
    "enemy-of-enemy": _enemy_of_enemy,
    "own-ground": _own_ground,
    "stationed-host": _stationed_host,
    "stance-object": _stance_object,
    "request-source": _request_source,
    "origin-of-request": _origin_of_request,
}


def check(pats: Patterns) -> Patterns:
    """Every test, resolver and code slot the file names exists here: a typo is an error
    naming the step, not a pattern that never fires."""
    for slot in pats.slots.values():
        if slot.code and slot.name != "doer" and slot.name not in CODE_SLOTS:
            raise PatternError(f"patterns.yaml slot {slot.name!r}: no code reads it")
    for frame, steps in pats.frames.items():
        for step in steps:
            where = f"patterns.yaml frame {frame!r} step {step.id!r}"
            if step.resolver and step.id not in RESOLVERS:
                raise PatternError(f"{where}: unknown resolver (known: {sorted(RESOLVERS)})")
            unknown = [t for t in step.when if t not in TESTS]
            if unknown:
                raise PatternError(f"{where}: unknown test(s) {unknown} (known: {sorted(TESTS)})")
            if step.lend not in (None, "supporter"):
                raise PatternError(f"{where}: lend is 'supporter'")
    return pats


@lru_cache(maxsize=1)
def checked_patterns() -> Patterns:
    """patterns.yaml, read and checked once."""
    return check(patterns())
