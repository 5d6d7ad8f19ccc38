"""The scraped-noise cleaner: label every line of a scraped text instead of deleting it.

Real pages carry counters, image URLs, captions, bylines, date lines, share buttons and
reader comments. Extraction must only read the article body, but nothing may vanish
silently, so each line becomes part of a labelled :class:`~backers.records.Section` and the
sections tile the text. The rules are data (``backers/data/noise_rules.yaml``); this module
only applies them.

The text keeps its characters, except that mojibake is repaired (ftfy, quotes untouched),
control characters and lone surrogates become U+FFFD (:func:`scrub`; they break XML exports
and cannot be stored) and line ends are normalised to ``\\n``: claim offsets point into
the returned text.
Blank lines belong to the section before them; blank lines at the very start are a
``noise`` section labelled ``blank``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import ftfy
import yaml

from backers.ingest.dates import parse_absolute, resolve_relative
from backers.records import BODY, BYLINE, CAPTION, COMMENTS, NOISE, TITLE, Section

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
_TERMINAL = ".!?;:\"'“”’)]…*_»"
# Text that may be mojibake: UTF-8 read as Latin-1/cp1252 ("Â ", "â€™", "Ã©", "Ð°").
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00df][\u0080-\u00bf\u0152-\u2122 ]"
    "|\u00e2\u20ac"
    "|[\u00e0-\u00ef][\u0080-\u00bf\u0152-\u2122]{2}"
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
# Characters no text should carry: C0 controls other than tab, newline and carriage return
# (illegal in XML exports, invisible in pages), DEL, the noncharacters U+FFFE/U+FFFF, and
# lone surrogates (from JSON escapes such as "\\ud800": they cannot be encoded as UTF-8,
# so they could not be stored). Vertical tab and form feed become a newline.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
MARK_TAIL = 200  # characters at the end of the body searched for a truncation or end mark


@dataclass
class CleanResult:
    """The cleaned text, its sections, and the metadata found in it."""

    text: str
    sections: list[Section]
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date
    published_precision: str = "unknown"
    date_text: str | None = None  # the date line as written ("4 days ago")
    notes: list[str] = field(default_factory=list)  # e.g. "mojibake-fixed", "truncated"

    def kinds(self) -> list[tuple[str, str, str]]:
        """(kind, label, text) of each section: handy for tests and ``backers show``."""
        return [(s.kind, s.label, self.text[s.start : s.end]) for s in self.sections]


@dataclass(frozen=True)
class Rules:
    """Compiled cleaner rules."""

    raw: dict[str, Any]
    patterns: dict[str, list[re.Pattern[str]]]

    def match(self, name: str, line: str) -> re.Match[str] | None:
        for pattern in self.patterns.get(name, []):
            found = pattern.fullmatch(line)
            if found:
                return found
        return None


_LIST_RULES = (
    "counter",
    "url",
    "image_url",
    "caption",
    "relative_date",
    "absolute_date",
    "comments_start",
    "share",
    "advert",
    "read_more",
    "navigation",
    "markdown_rule",
    "markdown_link",
    "heading",
    "list_item",
)
_ONE_RULES = (
    "byline_prefix",
    "byline_outlet",
    "date_prefix",
    "comment_reply",
    "truncation_mark",
    "end_mark",
)


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    """Read and compile the rules file (the packaged one unless ``path`` is given)."""
    if path is None:
        text = resources.files("backers").joinpath("data", "noise_rules.yaml").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    raw = yaml.safe_load(text)
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for name in _LIST_RULES:
        patterns[name] = [re.compile(p, re.I) for p in raw.get(name, [])]
    for name in _ONE_RULES:
        patterns[name] = [re.compile(raw[name], re.I)]
    prefix = raw["date_prefix"]
    for name in ("relative_date", "absolute_date"):
        patterns[name] = [re.compile(prefix + p.pattern + r"\W*", re.I) for p in patterns[name]]
    return Rules(raw=raw, patterns=patterns)


def _replacement(found: re.Match[str]) -> str:
    return "\n" if found.group(0) in "\x0b\x0c" else REPLACEMENT


def scrub(text: str) -> tuple[str, bool]:
    """``text`` with each unsafe character replaced by one other character (U+FFFD, or a
    newline for a vertical tab or form feed), so nothing moves; say whether any was."""
    if not _UNSAFE.search(text):
        return text, False
    return _UNSAFE.sub(_replacement, text), True


def fix_text(raw: str) -> tuple[str, bool]:
    """Repair mojibake, replace unsafe characters (:func:`scrub`) and normalise line ends;
    say whether mojibake was repaired."""
    text = scrub(raw)[0].replace("\r\n", "\n").replace("\r", "\n")
    if not _MOJIBAKE_HINT.search(text):
        return text, False  # ftfy is the slowest step; most texts have nothing to repair
    fixed = scrub(ftfy.fix_text(text, config=_FTFY))[0]
    return fixed, fixed != text


@dataclass
class _Line:
    start: int
    end: int  # end of the line including its newline
    text: str  # stripped content
    kind: str = BODY
    label: str = ""

    @property
    def blank(self) -> bool:
        return not self.text


def _split_lines(text: str) -> list[_Line]:
    return [
        _Line(m.start(), m.end(), m.group(0).strip())
        for m in re.finditer(r"[^\n]*\n|[^\n]+$", text)
    ]


def _words(line: str) -> int:
    return len(line.split())


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return bool(norm(a)) and norm(a) == norm(b)


def _is_heading_like(line: str) -> bool:
    return len(line) <= 200 and _words(line) <= 30 and not line.endswith(".")


def _parse_byline(line: str, rules: Rules) -> tuple[str, str | None] | None:
    """(author, outlet) from a byline, or None when the line is not one."""
    if len(line) > rules.raw.get("byline_max_chars", 200):
        return None
    prefix = rules.patterns["byline_prefix"][0].match(line)
    if not prefix:
        return None
    rest = line[prefix.end() :]
    outlet = None
    found = rules.patterns["byline_outlet"][0].search(rest)
    if found:
        outlet = found.group("outlet").strip(" .,") or None
        rest = rest[: found.start()]
    rest = re.split(r"\s*(?:,|\||\s[-–—]\s)\s*", rest, maxsplit=1)[0]
    stops = {w.casefold() for w in rules.raw.get("byline_stop_words", [])}
    particles = {w.casefold() for w in rules.raw.get("name_particles", [])}
    names: list[str] = []
    current: list[str] = []
    for word in rest.split():
        low = word.casefold()
        if low in ("and", "&") and current:
            names.append(" ".join(current))
            current = []
            continue
        if low in stops:
            break
        if word[:1].isupper() or (current and low in particles):
            current.append(word)
        else:
            break
    if current:
        names.append(" ".join(current))
    names = [n for n in names if n]
    if not names or any(len(n.split()) > 5 for n in names):
        return None
    return " and ".join(names), outlet


def _date_line(line: str, rules: Rules) -> tuple[str, str] | None:
    """("relative" | "absolute", expression) when the line is only a date."""
    if len(line) > 80:
        return None
    found = rules.match("relative_date", line)
    if found:
        return "relative", found.group("expr")
    found = rules.match("absolute_date", line)
    if found:
        return "absolute", found.group("expr")
    return None


def _one_line_noise(line: str, rules: Rules) -> str | None:
    """The noise label of a line that is furniture on its own, or None."""
    plain = line.strip("*_ ")
    if rules.match("image_url", line):
        return "image-url"
    if rules.match("url", line):
        return "url"
    if rules.match("markdown_link", line):
        return "link"
    if rules.match("markdown_rule", line):
        return "rule"
    if rules.match("counter", plain):
        return "counter"
    plain = re.sub(r"[*_]+\s*[*_]+", " ", plain)  # "_share on facebook_ _tweet this_"
    for name in ("share", "advert", "read_more", "navigation"):
        if rules.match(name, plain):
            return name.replace("_", "-")
    if rules.match("heading", line):
        return "heading"
    return None


def clean_text(raw: str, *, title: str | None = None, as_of: dt.date | None = None) -> CleanResult:
    """Label the scraped text ``raw`` as title, byline, body, caption, comments and noise.

    ``title`` is the known title (from metadata): a first line repeating it becomes the
    title section. Without it, a heading-like first line is taken as the title. ``as_of``
    is the day relative dates ("4 days ago") are counted from; without it they are kept in
    ``date_text`` and ``published`` stays unknown.
    """
    rules = load_rules()
    text, fixed = fix_text(raw)
    result = CleanResult(text=text, sections=[])
    if fixed:
        result.notes.append("mojibake-fixed")
    lines = _split_lines(text)
    content = [ln for ln in lines if not ln.blank]
    if not content:
        result.sections = _tile(text, lines)
        return result

    _label_header(content, rules, result, title, as_of)
    body_started = any(ln.kind == BODY and ln.label == "paragraph" for ln in content)
    _label_lines(content, rules, body_started)
    _label_comments(content, rules)
    _label_nav_runs(content, rules)
    for ln in content:
        if ln.label == "paragraph":
            ln.label = ""
    result.sections = _tile(text, lines)
    _mark_truncation(result, rules)
    return result


def _label_header(
    content: list[_Line],
    rules: Rules,
    result: CleanResult,
    title: str | None,
    as_of: dt.date | None,
) -> None:
    """Title, byline and date lines at the top. The header ends at the first paragraph."""
    first = content[0]
    if title is not None:
        if _same(first.text, title):
            first.kind = TITLE
        result.title = title.strip() or None
    elif _is_heading_like(first.text) and len(content) > 1:
        first.kind = TITLE
        result.title = first.text
    limit = rules.raw.get("header_lines", 8)
    paragraph = rules.raw.get("paragraph_words", 12)
    for ln in content[:limit]:
        if ln.kind == TITLE:
            continue
        byline = _parse_byline(ln.text, rules)
        if byline and result.author is None:
            ln.kind, ln.label = BYLINE, "byline"
            result.author, result.outlet = byline
            continue
        date = _date_line(ln.text, rules)
        if date and result.date_text is None:
            ln.kind, ln.label = BYLINE, "date"
            _set_date(result, date, as_of)
            continue
        if _words(ln.text) >= paragraph:
            ln.label = "paragraph"
            break


def _set_date(result: CleanResult, date: tuple[str, str], as_of: dt.date | None) -> None:
    how, expr = date
    result.date_text = expr
    if how == "relative":
        if as_of is not None:
            day = resolve_relative(expr, as_of)
            if day is not None:
                result.published, result.published_precision = day.isoformat(), "relative"
        return
    day = parse_absolute(expr)
    if day is not None:
        result.published, result.published_precision = day.isoformat(), "day"


def _label_lines(content: list[_Line], rules: Rules, body_started: bool) -> None:
    """One-line rules, captions after images, and the comments heading."""
    cap_max = rules.raw.get("caption_max_chars", 400)
    previous: _Line | None = None
    for ln in content:
        if ln.kind != BODY:
            previous = ln
            continue
        continuation = (
            previous is not None
            and previous.kind == BODY
            and previous.end == ln.start
            and not previous.text.endswith(tuple(_TERMINAL))
            and previous.label not in ("image-url",)
        )
        label = _one_line_noise(ln.text, rules)
        if label in ("image-url", "rule", "heading") or (
            label in ("url", "link") and not continuation
        ):
            ln.kind, ln.label = NOISE, label
        elif ln.label != "paragraph" and rules.match("comments_start", ln.text):
            if body_started and previous is not None:
                ln.kind, ln.label = COMMENTS, "comments"
                break
            ln.kind, ln.label = NOISE, "navigation"  # a "Comments" link above the story
        elif (
            previous is not None
            and previous.label == "image-url"
            and _caption_after(previous, ln, cap_max)
        ):
            ln.kind, ln.label = CAPTION, "after-image"
        elif continuation:
            pass
        elif label is not None:
            ln.kind, ln.label = NOISE, label
        elif rules.match("caption", ln.text) and len(ln.text) <= cap_max:
            ln.kind, ln.label = CAPTION, "credit"
        if ln.kind == BODY and _words(ln.text) >= rules.raw.get("paragraph_words", 12):
            body_started = True
        previous = ln


def _caption_after(image: _Line, ln: _Line, cap_max: int) -> bool:
    """The line right under an image is its caption; after a blank line, only a short
    unpunctuated one is (a long one is the next paragraph)."""
    if len(ln.text) > cap_max:
        return False
    if image.end == ln.start:
        return True
    return _words(ln.text) <= 12 and not ln.text.endswith((".", "?", "!"))


def _label_comments(content: list[_Line], rules: Rules) -> None:
    """Everything from the start of reader comments on is comments."""
    start = next((i for i, ln in enumerate(content) if ln.kind == COMMENTS), None)
    if start is None:
        start = _comment_thread_start(content, rules)
    if start is None:
        return
    for ln in content[start:]:
        ln.kind = COMMENTS
        ln.label = ln.label if ln.label == "comments" else ""
    content[start].label = "comments"


def _comment_thread_start(content: list[_Line], rules: Rules) -> int | None:
    """A thread without a heading: username, relative date, text, Reply."""
    seen_body = False
    for i, ln in enumerate(content):
        if ln.kind == BODY and _words(ln.text) >= rules.raw.get("paragraph_words", 12):
            seen_body = True
        if not seen_body or i == 0 or ln.kind == BYLINE:
            continue
        if not rules.match("relative_date", ln.text):
            continue
        window = content[i + 1 : i + 8]
        if any(rules.patterns["comment_reply"][0].fullmatch(w.text) for w in window):
            user = content[i - 1]
            return i - 1 if _words(user.text) <= 4 and user.kind == BODY else i
    return None


def _label_nav_runs(content: list[_Line], rules: Rules) -> None:
    """Runs of short, unpunctuated lines are navigation menus."""
    min_lines = rules.raw.get("nav_run_min_lines", 4)
    max_words = rules.raw.get("nav_max_words", 4)

    def short(ln: _Line) -> bool:
        return (
            ln.kind == BODY
            and _words(ln.text) <= max_words
            and not ln.text.endswith(_TERMINAL)
            and not rules.match("list_item", ln.text)
        )

    run: list[_Line] = []
    for ln in [*content, None]:
        if ln is not None and (short(ln) or ln.kind == NOISE):
            run.append(ln)
            continue
        shorts = [x for x in run if x.kind == BODY]
        if len(shorts) >= min_lines:
            for x in shorts:
                x.kind, x.label = NOISE, "navigation"
        run = []


def _tile(text: str, lines: list[_Line]) -> list[Section]:
    """Merge labelled lines into sections that cover the text exactly."""
    sections: list[Section] = []
    for ln in lines:
        if ln.blank:
            if sections:
                last = sections[-1]
                sections[-1] = Section(last.kind, last.start, ln.end, last.label)
            else:
                sections.append(Section(NOISE, ln.start, ln.end, "blank"))
            continue
        if sections and (sections[-1].kind, sections[-1].label) == (ln.kind, ln.label):
            last = sections[-1]
            sections[-1] = Section(last.kind, last.start, ln.end, last.label)
        else:
            sections.append(Section(ln.kind, ln.start, ln.end, ln.label))
    if not sections and text:
        sections.append(Section(NOISE, 0, len(text), "blank"))
    return sections


def _mark_truncation(result: CleanResult, rules: Rules) -> None:
    """Split a news-API truncation mark, or an unfinished last sentence, off the body."""
    bodies = [i for i, s in enumerate(result.sections) if s.kind == BODY]
    if not bodies:
        return
    index = bodies[-1]
    section = result.sections[index]
    chunk = result.text[section.start : section.end]
    stripped = chunk.rstrip()
    cut: int | None = None
    label = "truncated"
    before = stripped
    # The marks end the text: search only its tail (a pattern that starts with \s* would
    # take quadratic time over a long run of spaces).
    tail = max(0, len(stripped) - MARK_TAIL)
    for name in ("truncation_mark", "end_mark"):
        mark = rules.patterns[name][0].search(stripped, tail)
        if mark:
            cut = mark.start()
            label = name.replace("_", "-")
            before = stripped[:cut].rstrip()
            break
    last_line = before.rsplit("\n", 1)[-1]
    unfinished = before.endswith(("…", "...")) or (
        len(last_line) >= rules.raw.get("truncated_min_chars", 200)
        and not before.endswith(tuple(_TERMINAL))
    )
    if unfinished:
        line_start = len(before) - len(last_line)
        ends = list(_SENTENCE_END.finditer(before, line_start))
        if ends:
            cut = ends[-1].end()
            label = "truncated"
    if cut is None or cut <= 0:
        return
    if label == "truncated" or label == "truncation-mark":
        result.notes.append("truncated")
    absolute = section.start + cut
    result.sections[index : index + 1] = [
        Section(BODY, section.start, absolute, section.label),
        Section(NOISE, absolute, section.end, label),
    ]
