"""The extractor's word lists, read from backers/data (lexicon.yaml, cues.yaml,
conflicts.yaml) into one immutable object, so rules are data and code stays generic."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from backers.nlp.gazetteer import load_data


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, dict]  # lemma -> its (first) sense
    nouns: dict[str, dict]
    governors: dict[str, str]  # lemma -> status it gives the event it governs
    item_types: dict[str, str]  # lemma or phrase -> type
    item_modifiers: dict[str, str]
    personnel_heads: frozenset[str]
    actor_heads: frozenset[str]
    use_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    certainty_lemmas: dict[str, str]
    certainty_phrases: tuple[tuple[str, str], ...]
    modals: frozenset[str]
    hypo_marks: frozenset[str]
    hypo_lemmas: frozenset[str]
    hypo_phrases: tuple[str, ...]
    vague_actors: frozenset[str]
    speaker_pronouns: frozenset[str]
    speaker_roles: frozenset[str]
    adversaries: frozenset[frozenset[str]]
    verdicts: tuple[str, ...] = ()
    descriptive_heads: frozenset[str] = frozenset()  # "the regime" once tied to an actor
    group_heads: frozenset[str] = frozenset()  # "the two countries": the last pair named
    territory_heads: frozenset[str] = frozenset()  # "on their territory": the host
    declaring_verbs: frozenset[str] = frozenset()  # "voiced support": diplomatic
    fight_verbs: frozenset[str] = frozenset()  # "to fight X": X's adversary receives
    combat_acts: frozenset[str] = frozenset()  # "airstrikes in support of X": combat
    diplomatic_venues: frozenset[str] = frozenset()  # "backed X at the UN": diplomatic
    noise_heads: frozenset[str] = frozenset()  # never an item ("strikes")
    bare_amounts: frozenset[str] = frozenset()  # an item only with "of X" ("lots")
    bare_events: frozenset[str] = frozenset()  # an item only with a compound ("arms sales")
    spreaders: frozenset[str] = frozenset()
    relation_nouns: dict[str, dict] = field(default_factory=dict)  # "backer", "proxy"
    stance_objects: frozenset[str] = frozenset()  # "support for X's vision": a stance
    effort_nouns: frozenset[str] = frozenset()  # "led the effort to arm X": the leader does
    effort_verbs: frozenset[str] = frozenset()
    organisation_heads: frozenset[str] = frozenset()  # a bare "the group": the last named
    # lemmas with several senses told apart by a preposition ("ordered jets from France"
    # buys, "ordered advisers to Iraq" sends): the first whose `needs_prep` is there
    senses: dict[str, tuple[dict, ...]] = field(default_factory=dict)
    # rules and resolvers switched off by their measured numbers (rules.yaml)
    disabled_rules: frozenset[str] = frozenset()


def build_lexicon() -> Lexicon:
    lex = load_data("lexicon.yaml")
    cues = load_data("cues.yaml")
    conflicts = load_data("conflicts.yaml")
    governors: dict[str, str] = {}
    for status, lemmas in lex["status_governors"].items():
        for lemma in lemmas:
            governors.setdefault(lemma, status)
    item_types: dict[str, str] = {}
    for typ, words in lex["item_types"].items():
        for word in words:
            item_types.setdefault(word, typ)
    item_modifiers = {w: t for t, words in lex["item_modifiers"].items() for w in words}
    cert_lemmas: dict[str, str] = {}
    cert_phrases: list[tuple[str, str]] = []
    for level in ("denied", "confirmed", "alleged", "assessed"):
        entry = cues["certainty"][level]
        for lemma in entry.get("lemmas", []):
            cert_lemmas.setdefault(lemma, level)
        cert_phrases.extend((p, level) for p in entry.get("phrases", []))
    hypo = cues["hypothetical"]
    return Lexicon(
        verbs={k: (v[0] if isinstance(v, list) else v or {}) for k, v in lex["verbs"].items()},
        senses={k: tuple(v) for k, v in lex["verbs"].items() if isinstance(v, list)},
        nouns={k: v or {} for k, v in lex["nouns"].items()},
        governors=governors,
        item_types=item_types,
        item_modifiers=item_modifiers,
        personnel_heads=frozenset(lex["personnel_heads"]),
        actor_heads=frozenset(lex["personnel_heads"]) | frozenset(lex["actor_heads"]),
        use_verbs=frozenset(lex["use_verbs"]),
        reporting_verbs=frozenset(cues["reporting_verbs"]),
        certainty_lemmas=cert_lemmas,
        certainty_phrases=tuple(cert_phrases),
        modals=frozenset(hypo["modals"]),
        hypo_marks=frozenset(hypo["marks"]),
        hypo_lemmas=frozenset(hypo["lemmas"]),
        hypo_phrases=tuple(hypo["phrases"]),
        vague_actors=frozenset(cues["vague_actors"]),
        speaker_pronouns=frozenset(cues["speaker_pronouns"]),
        speaker_roles=frozenset(cues["speaker_roles"]),
        adversaries=frozenset(frozenset(pair) for pair in conflicts["adversaries"]),
        verdicts=tuple(cues["fact_check"]["verdicts"]),
        spreaders=frozenset(cues["fact_check"]["spreaders"]),
        descriptive_heads=frozenset(lex["descriptive_heads"]),
        group_heads=frozenset(lex["group_heads"]),
        territory_heads=frozenset(lex["territory_heads"]),
        declaring_verbs=frozenset(lex["declaring_verbs"]),
        fight_verbs=frozenset(lex["fight_verbs"]),
        combat_acts=frozenset(lex["combat_acts"]),
        diplomatic_venues=frozenset(lex["diplomatic_venues"]),
        noise_heads=frozenset(lex["item_noise"]["heads"]),
        bare_amounts=frozenset(lex["item_noise"]["bare_amounts"]),
        bare_events=frozenset(lex["item_noise"]["bare_events"]),
        relation_nouns={k: v or {} for k, v in (lex.get("relation_nouns") or {}).items()},
        stance_objects=frozenset(lex.get("stance_objects") or ()),
        effort_nouns=frozenset(lex.get("effort_nouns") or ()),
        effort_verbs=frozenset(lex.get("effort_verbs") or ()),
        organisation_heads=frozenset(lex.get("organisation_heads") or ()),
        disabled_rules=frozenset((load_data("rules.yaml") or {}).get("disabled") or {}),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The process's lexicon, read once (read-only data)."""
    return build_lexicon()
