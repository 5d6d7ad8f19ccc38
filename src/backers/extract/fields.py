"""The descriptive fields of a claim, read around its trigger: items (catalogue names where
the weapons catalogue knows them, else the noun phrase as written), quantity, location,
time expression and the evidence the claimant offers."""

from __future__ import annotations

from spacy.tokens import Token

from backers.extract.entities import DocNames
from backers.extract.lexicon import Lexicon
from backers.nlp.gazetteer import WEAPON

QUANTITY_WORDS = frozenset(
    {
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "dozen",
        "several",
        "scores",
        "lot",
        "lots",
        "number",
        "batch",
        "batches",
        "billion",
        "million",
        "$",
    }
)
EVIDENCE_HEADS = frozenset(
    {
        "photo",
        "photograph",
        "image",
        "imagery",
        "video",
        "footage",
        "document",
        "intercept",
        "evidence",
        "picture",
        "record",
        "recording",
        "map",
    }
)
_DROP = frozenset({"det", "poss", "punct", "relcl", "acl", "cc", "conj", "prep", "appos"})


def _phrase(head: Token) -> str:
    """The compact noun phrase of ``head``: its pre-modifiers and the head."""
    toks = [head]
    for child in head.children:
        if child.i < head.i and child.dep_ not in _DROP and child.dep_ != "nummod":
            toks.extend(child.subtree)
    toks = sorted(set(toks), key=lambda t: t.i)
    text = " ".join(t.text for t in toks if not t.is_space and (not t.is_punct or t.text == "-"))
    return " ".join(text.replace(" - ", "-").split())


def item_names(items: list[Token], names: DocNames, lex: Lexicon) -> list[str]:
    """Catalogue names for known weapons in the items (named, or described as the
    catalogue says: "Iranian kamikaze drones"), then the other item phrases as written.
    What only sits where items do is left out: acts ("these strikes"), bare amounts
    ("lots"), the giving itself ("the planned transfer")."""
    found: list[str] = []
    for head in items:
        named = False
        for tok in head.subtree:
            mention = names.mention(tok)
            if mention is not None and mention.kind == WEAPON:
                named = named or tok.head == head or tok == head or tok.head.head == head
                if mention.canonical not in found:
                    found.append(mention.canonical)
        target = head
        lemma = head.lemma_.lower()
        if (
            lemma in QUANTITY_WORDS
            or head.lower_ in QUANTITY_WORDS
            or head.like_num
            or (lemma in lex.bare_amounts or lemma in lex.bare_events)
        ):
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
                    target = next((c for c in prep.children if c.dep_ == "pobj"), head)
        if target.lower_ in ("it", "them", "they", "this", "these") or _noise(target, lex):
            continue
        phrase = _phrase(target)
        described = names.gaz.described_weapon(phrase)
        if described is not None:
            if described not in found:
                found.append(described)
            continue
        families = [names.gaz.weapon_info.get(name, {}).get("family") for name in found]
        if named or any(name in phrase for name in [*found, *filter(None, families)]):
            continue  # "Geran-2 drones", "Iron Dome missile defense system", "Leopard
            # battle tanks" after "Leopard 2": named above
        if phrase and phrase not in found and len(phrase) < 80:
            found.append(phrase)
    return found


def _noise(head: Token, lex: Lexicon) -> bool:
    """Is the item phrase at ``head`` not a thing given (see item_noise in lexicon.yaml)?"""
    lemma = head.lemma_.lower()
    if lemma in lex.noise_heads or head.lower_ in lex.noise_heads:
        return True
    if lemma in lex.bare_amounts or head.lower_ in lex.bare_amounts:
        return True  # no "of X" was found under it
    if lemma in lex.bare_events:
        return not any(c.dep_ == "compound" for c in head.children)
    return False


def quantity_of(items: list[Token]) -> str | None:
    """ "dozens", "18", "at least 20", "$800 million" from the item phrases."""
    for head in items:
        for ent in head.doc.ents:
            if ent.label_ == "MONEY" and ent.start <= head.i < ent.end:
                return " ".join(ent.text.split())
        if head.lower_ in QUANTITY_WORDS and head.lower_ not in ("lot", "number", "$"):
            return head.text
        for child in head.children:
            if child.dep_ == "nummod":
                toks = sorted(child.subtree, key=lambda t: t.i)
                return " ".join(t.text for t in toks if not t.is_space)
            if child.dep_ == "quantmod":
                return child.text
        for ent in head.doc.ents:
            if ent.label_ in ("MONEY", "QUANTITY") and head.left_edge.i <= ent.start <= head.i:
                return " ".join(ent.text.split())
    return None


def location_of(trigger: Token, role_tokens: list[Token], names: DocNames) -> str | None:
    """A place named with "in"/"to" at the event or on its giver ("personnel ... in
    Crimea") that is not itself a supporter or recipient."""
    for tok in [trigger, *role_tokens]:
        for sub in tok.subtree:
            if sub.dep_ == "pobj" and sub.head.lower_ in ("in", "to", "into", "inside"):
                mention = names.mention(sub)
                if mention is not None and mention.kind in ("gpe", "loc", "fac"):
                    return mention.text
            if sub.i > tok.i + 12:
                break
    return None


def time_of(trigger: Token) -> str | None:
    """A DATE entity in the event's clause."""
    sent = trigger.sent
    best = None
    for ent in trigger.doc.ents:
        if ent.label_ != "DATE" or ent.start < sent.start or ent.end > sent.end:
            continue
        tok = ent.root
        depth = 0
        while tok != trigger and tok.head != tok and depth < 5:
            tok = tok.head
            depth += 1
        if tok == trigger:
            best = ent.text
            break
    return best


def evidence_of(trigger: Token) -> str | None:
    """What is offered as proof, in the sentence or the next one: "satellite photos of ..."."""
    doc = trigger.doc
    sent = trigger.sent
    end = sent.end
    nxt = doc[end].sent if end < len(doc) else None
    for span in (sent, nxt):
        if span is None:
            continue
        for tok in span:
            if tok.lemma_.lower() in EVIDENCE_HEADS and tok.pos_ == "NOUN":
                toks = [tok]
                for child in tok.children:
                    if child.i < tok.i and child.dep_ in ("amod", "compound"):
                        toks.extend(child.subtree)
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for pobj in child.children:
                            toks.append(child)
                            toks.append(pobj)
                            toks.extend(
                                t
                                for c in pobj.children
                                if c.i < pobj.i and c.dep_ in ("compound", "amod", "nummod")
                                for t in c.subtree
                            )
                toks = sorted(set(toks), key=lambda t: t.i)
                return " ".join(t.text for t in toks if not t.is_space)
    return None
