"""Amounts as written ("$1.7 billion", "EUR 500m", "dozens", "18 F-16s") turned into a value,
a currency and a unit, with the written form and how precise it is.

The figures themselves (digits, scale words, number words, currency symbols and words) are
read by quantulum3. What it does not do is done here, before and after it:

- abbreviations newsrooms use ("1.7bn", "$344m", "500k") are spelled out first, since
  quantulum3 reads "m" as metres and "bn" as barn-newtons;
- ISO codes written before the figure ("EUR 500 million", "USD 2bn") and currency words it
  does not know (hryvnias) set the currency;
- qualifiers set the precision: "about" is approximate, "more than" a lower bound, "up to" an
  upper bound, "between 4.2 and 5.8 million" a range;
- vague amounts ("dozens", "hundreds of", "thousands") become a range, never a made-up
  figure; "a lot of" stays vague with no figure at all;
- what is counted (the noun after the figure, else the claim's items) sets the unit:
  money, personnel, formations (battalions, brigades), rounds, items, or count.

Nothing here converts currencies: a figure keeps the currency it was written in.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

# Bump when the reading changes: stored amounts of another version are read again by
# ``backers amounts --refresh``.
VERSION = "amounts-1"

UNITS = ("money", "personnel", "formations", "rounds", "items", "count")
PRECISIONS = ("exact", "approximate", "lower_bound", "upper_bound", "range", "vague")

# Qualifiers before a figure, longest first so "just over" wins over "over".
_QUALIFIERS = [
    ("approximate", ("approximately", "about", "around", "roughly", "nearly", "almost",
                     "some", "close to", "an estimated", "estimated", "circa", "nigh on")),
    ("lower_bound", ("more than", "over", "at least", "upwards of", "in excess of",
                     "just over", "well over", "no fewer than", "no less than", "above",
                     "at minimum", "a minimum of")),
    ("upper_bound", ("up to", "as many as", "as much as", "less than", "fewer than",
                     "under", "at most", "no more than", "a maximum of", "just under")),
]  # fmt: skip
_QUALIFIER = re.compile(
    r"^(?P<q>"
    + "|".join(
        re.escape(w)
        for w in sorted((w for _, ws in _QUALIFIERS for w in ws), key=len, reverse=True)
    )
    + r")\s+",
    re.I,
)
_MORE = re.compile(r"^(an additional|additional|another|a further|an extra)\s+", re.I)
_PRECISION_OF = {w: p for p, ws in _QUALIFIERS for w in ws}

# Vague amounts: the range they stand for (low, high), longest phrase first.
VAGUE = {
    "hundreds of thousands": (200_000, 999_999),
    "tens of thousands": (20_000, 99_999),
    "millions": (2_000_000, 9_999_999),
    "thousands": (2_000, 9_999),
    "hundreds": (200, 999),
    "scores": (40, 99),
    "dozens": (24, 99),
    "a dozen": (12, 12),
    "several": (3, 9),
    "a few": (2, 5),
    "a handful": (2, 5),
    "a couple": (2, 2),
}
_VAGUE = re.compile(
    r"^(?P<v>" + "|".join(re.escape(k) for k in sorted(VAGUE, key=len, reverse=True)) + r")\b",
    re.I,
)
# Amounts with no figure at all.
_NO_FIGURE = re.compile(
    r"^(a lot|lots|many|numerous|a (relatively |very )?(small|large|significant|"
    r"substantial|limited) (number|amount|quantity)|a number|an unknown number|"
    r"a significant amount|large amounts?|huge amounts?|a (large |huge )?quantity)\b",
    re.I,
)

# Abbreviated scales after a figure: "1.7bn", "$344m", "500k", "2tn".
_ABBREV = re.compile(r"(?<=\d)\s?(bn|b|mn|mln|m|k|tn|trn)\b(?!\w)", re.I)
_SCALE_WORD = {
    "bn": "billion",
    "b": "billion",
    "mn": "million",
    "mln": "million",
    "m": "million",
    "k": "thousand",
    "tn": "trillion",
    "trn": "trillion",
}
# ISO codes and currency words quantulum3 does not read before or after a figure.
ISO = (
    *("USD", "EUR", "GBP", "JPY", "CNY", "CAD", "AUD", "CHF", "RUB", "UAH", "SEK", "NOK"),
    *("DKK", "PLN", "CZK", "KRW", "INR", "TRY", "IRR", "ILS", "SAR", "AED", "QAR", "NZD"),
)
_CODE = re.compile(r"\b(" + "|".join(ISO) + r")\b")
_WORDS = {
    r"\bhryvnias?\b|\bhryvnya\b|\buah\b": "UAH",
    r"\brials?\b": "IRR",
    r"\bshekels?\b": "ILS",
    r"\bzlotys?\b|\bzloty\b": "PLN",
    r"\bkronor\b|\bkronas?\b": "SEK",
    r"\bkroner\b": "NOK",
}
_SYMBOL_SPACE = re.compile(r"([$€£¥])\s+(?=\d)")
# "1.5 billion pounds" is money; quantulum3 weighs it.
_POUNDS = re.compile(r"\b(thousand|million|billion|trillion)\s+pounds\b|\bpounds? sterling\b", re.I)
_US = re.compile(r"\bUS\s?\$|\bU\.S\.\s?\$")

# What is counted, by the noun after the figure (singular or plural, lower case).
_NOUNS = {
    "personnel": ("troop", "soldier", "man", "men", "fighter", "adviser", "advisor",
                  "personnel", "instructor", "trainer", "pilot", "mercenary", "mercenaries",
                  "officer", "specialist", "volunteer", "people", "crew", "aircrew",
                  "contractor", "staff", "commando", "marine", "sailor", "recruit",
                  "ukrainians", "combatant", "militant", "operative", "guard", "engineer"),
    "formations": ("battalion", "brigade", "regiment", "division", "company", "companies",
                   "squadron", "platoon", "unit", "corps"),
    "rounds": ("round", "shell", "ammunition", "cartridge", "bullet"),
}  # fmt: skip
_TYPE_UNIT = {"personnel": "personnel", "training": "personnel"}
_SPLIT = re.compile(
    r";|,\s+(?:and\s+)?(?=(?:about|around|more|over|at|up|some|nearly|hundreds|thousands"
    r"|dozens|tens|\$|€|£|\d))"
)
_PAREN = re.compile(r"\(([^()]*)\)")
_RANGE = re.compile(
    r"^(?:between|from)\s+(?P<a>.+?)\s+(?:and|to)\s+(?P<b>.+)$|"
    r"^(?P<c>[$€£]?\d[\d.,]*)\s*(?:-|–|to)\s*(?P<d>[$€£]?\d.*)$",
    re.I,
)


@dataclass(frozen=True)
class Amount:
    """One figure read from a claim's quantity.

    ``value`` is what a total adds: the figure itself, the lower end of a range or vague
    amount, or the bound of "more than"/"up to"; ``None`` when the text gives no figure
    ("a lot of"). ``role`` is ``amount``, or ``conversion`` for a figure in parentheses
    that restates another in a second currency ("90 billion euros ($106bn)"): never added.
    """

    written: str
    value: float | None
    low: float | None
    high: float | None
    currency: str | None
    unit: str
    noun: str | None
    precision: str
    role: str = "amount"
    parser: str = "quantulum3"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalise(
    quantity: str | None,
    *,
    items: list[str] | tuple[str, ...] = (),
    type_: str | None = None,
    sentence: str | None = None,
) -> list[Amount]:
    """Every figure in ``quantity`` (parts split at ";" and before a new figure after a
    comma), in order. ``items`` and ``type_`` (the claim's) name what a bare figure counts;
    ``sentence`` supplies a currency written just outside the quantity ("EUR" before it,
    "euros" after it)."""
    if not quantity or not quantity.strip():
        return []
    text = " ".join(quantity.split())
    if sentence:
        text = _widen(text, sentence)
    return list(_normalise(text, tuple(items or ()), type_))


@lru_cache(maxsize=20_000)
def _normalise(text: str, items: tuple[str, ...], type_: str | None) -> tuple[Amount, ...]:
    found: list[Amount] = []
    for part in _SPLIT.split(text):
        inner = [m.group(1) for m in _PAREN.finditer(part)]
        main = _PAREN.sub(" ", part).strip(" ,.")
        amount = _one(main, items, type_)
        if amount is None:
            continue
        found.append(amount)
        for extra in inner:
            other = _one(extra.strip(), (), None)
            if other is not None and other.unit == "money" and amount.unit == "money":
                found.append(_replace(other, role="conversion"))
    return tuple(found)


def _widen(text: str, sentence: str) -> str:
    """The quantity with a currency code or word written right next to it in the sentence."""
    at = sentence.find(text)
    if at < 0:
        return text
    before = sentence[max(0, at - 5) : at]
    after = sentence[at + len(text) : at + len(text) + 30]
    code = re.search(r"\b([A-Z]{3})\s*$", before)
    if code and code.group(1) in ISO and not _CODE.search(text):
        text = f"{code.group(1)} {text}"
    word = re.match(
        r"^\s*(euros?|dollars?|pounds?(?: sterling)?|hryvnias?|rubles?|roubles?|yuan|yen)\b",
        after,
        re.I,
    )
    if word and not re.search(r"[$€£¥]|[A-Z]{3}", text) and re.search(r"\d", text):
        text = f"{text} {word.group(1)}"
    return text


def _replace(a: Amount, **changes: Any) -> Amount:
    return Amount(**{**a.as_dict(), **changes})


def _one(text: str, items: tuple[str, ...], type_: str | None) -> Amount | None:
    """One figure: qualifier, vague word, range or a plain figure."""
    if not text:
        return None
    precision = "exact"
    rest = text
    m = _QUALIFIER.match(rest)
    if m:
        precision = _PRECISION_OF[m.group("q").lower()]
        rest = rest[m.end() :]
    rest = _MORE.sub("", rest)
    vague = _VAGUE.match(rest)
    if vague:
        low, high = VAGUE[vague.group("v").lower()]
        noun = _noun(rest[vague.end() :])
        exact_word = low == high
        return Amount(
            written=text,
            value=float(low),
            low=float(low),
            high=float(high),
            currency=None,
            unit=_unit(noun, items, type_, None),
            noun=noun or _item(items),
            precision=precision if exact_word else "vague",
            parser="backers",
        )
    if _NO_FIGURE.match(rest):
        noun = _noun(_NO_FIGURE.sub("", rest))
        return Amount(text, None, None, None, None, _unit(noun, items, type_, None),
                      noun or _item(items), "vague", parser="backers")  # fmt: skip
    ranged = _RANGE.match(rest)
    if ranged:
        a = ranged.group("a") or ranged.group("c")
        b = ranged.group("b") or ranged.group("d")
        hi = _figure(b)
        lo = _figure(_carry_scale(a, b))
        if lo is not None and hi is not None:
            currency = lo[1] or hi[1]
            noun = hi[2]
            return Amount(
                written=text,
                value=lo[0],
                low=lo[0],
                high=hi[0],
                currency=currency,
                unit=_unit(noun, items, type_, currency),
                noun=noun or _item(items),
                precision="range",
            )
    fig = _figure(rest)
    if fig is None:
        return None
    value, currency, noun = fig
    return Amount(
        written=text,
        value=value,
        low=value if precision in ("exact", "approximate", "lower_bound") else None,
        high=value if precision in ("exact", "approximate", "upper_bound") else None,
        currency=currency,
        unit=_unit(noun, items, type_, currency),
        noun=noun or _item(items),
        precision=precision,
    )


def _carry_scale(a: str, b: str) -> str:
    """ "between 4.2 and 5.8 million": the first figure takes the second's scale and
    currency symbol."""
    scale = re.search(r"\b(thousand|million|billion|trillion)\b", b, re.I)
    if scale and not re.search(r"[a-z]", a, re.I):
        a = f"{a} {scale.group(1)}"
    sym = re.match(r"^\s*([$€£])", b)
    if sym and not a.lstrip().startswith(sym.group(1)):
        a = sym.group(1) + a.lstrip()
    return a


@lru_cache(maxsize=20_000)
def _figure(text: str) -> tuple[float, str | None, str | None] | None:
    """(value, currency, noun) of the first figure in ``text``, read by quantulum3."""
    spelled = _ABBREV.sub(lambda m: " " + _SCALE_WORD[m.group(1).lower()], text)
    spelled = _SYMBOL_SPACE.sub(r"\1", spelled)  # "$ 625 million", as tokenisers leave it
    code = _CODE.search(spelled)
    us = _US.search(spelled)
    clean = " ".join(_US.sub("$", _CODE.sub(" ", spelled)).split())
    quantities = _quantulum(clean)
    if not quantities:
        return None
    q = quantities[0]
    entity = q.unit.entity.name
    currency = getattr(q.unit, "currency_code", None) if entity == "currency" else None
    value, end = float(q.value), q.span[1]
    if entity not in ("currency", "dimensionless"):
        # A model name read as a unit ("18 F-16s" as per-farad, "109 Bradley" as an
        # exa-something): the figure is its leading words alone, read again.
        value, end = _plain(clean, q)
    if code:
        currency = code.group(1)
    elif us:
        currency = "USD"
    if currency is None and _POUNDS.search(clean):
        currency = "GBP"
    if currency is None:
        for pattern, iso in _WORDS.items():
            if re.search(pattern, clean, re.I):
                currency = iso
                break
    noun = None if currency else _noun(clean[end:])
    return value, currency, noun


def _plain(text: str, q: Any) -> tuple[float, int]:
    """The value and end of the longest leading part of quantulum3's surface that it reads
    as a plain number."""
    start = q.span[0]
    words = text[start : q.span[1]].split()
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k])
        found = _quantulum(head)
        if found and found[0].unit.entity.name == "dimensionless":
            return float(found[0].value), start + len(head)
    lead = re.match(r"[\d.,]+", text[start:])
    if lead:
        found = _quantulum(lead.group(0))
        if found:
            return float(found[0].value), start + lead.end()
    return float(q.value), q.span[1]


@lru_cache(maxsize=1)
def _parser() -> Any:
    """quantulum3, imported on first use: it takes seconds to load, and most commands
    never read an amount."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

    return parser


def _quantulum(text: str) -> list[Any]:
    import warnings

    parser = _parser()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return list(parser.parse(text))
        except Exception:  # noqa: BLE001 - a text the library cannot read is no amount
            return []


def _noun(tail: str) -> str | None:
    """What the figure counts: the words after it up to a preposition or verb-like break
    ("Ukrainian military personnel", "F-16s"), without a leading "of"."""
    tail = re.sub(r"^\s*(worth of|of)\b\s*", "", tail.strip(" ,.;:"), flags=re.I)
    if not tail:
        return None
    words = []
    for word in tail.split():
        if word.lower() in ("in", "to", "for", "by", "from", "on", "at", "with", "worth",
                            "including", "and", "or", "into", "each", "per", "over"):  # fmt: skip
            break
        words.append(word.strip(",.;:"))
        if len(words) == 5:
            break
    return " ".join(w for w in words if w) or None


_SUM = re.compile(r"[$€£¥]|\d\s*(thousand|million|billion|trillion|bn|m)\b", re.I)


def _item(items: tuple[str, ...]) -> str | None:
    """The claim's first item that is not itself a sum ("$ 2.356 billion")."""
    return next((i for i in items if not _SUM.search(i)), None)


def _unit(noun: str | None, items: tuple[str, ...], type_: str | None, currency: str | None) -> str:
    """money when a currency is written; else by the counted noun (or the claim's items);
    else by the claim's type; else a bare count."""
    if currency:
        return "money"
    for phrase in (noun, *items):
        found = _unit_of(phrase or "")
        if found:
            return found
    if noun or items:
        return "items"
    return _TYPE_UNIT.get(type_ or "", "count")


def _unit_of(phrase: str) -> str | None:
    """The unit a counted noun phrase names, by its words from the last (its head) back."""
    for word in phrase.lower().replace("-", " ").split()[::-1]:
        for unit, stems in _NOUNS.items():
            if any(word in (s, s + "s", s + "es") for s in stems):
                return unit
    return None
