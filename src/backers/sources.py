"""Source ratings: how reliable an outlet is and whether a state controls it.

The shipped table is ``backers/data/sources.yaml`` (its header gives the scale and the public
criteria each rating comes from). A user's own file named by ``BACKERS_SOURCES`` is merged
over it entry by entry: an entry with the name (or an alias) of a shipped one replaces it
whole, a new name adds an outlet. Both files are validated strictly: a wrong key, type or
value stops with one line naming the file and the entry, never a silently unrated outlet.

A document's outlet is matched by name (case, spaces and a leading "The" ignored) against
names and aliases, else its URL's host against the entries' domains (subdomains included).
The same matching is written in SQL (:func:`sql_condition`) so the filters
``--min-reliability`` and ``--no-state-media`` narrow every listing inside the query, and in
Python (:func:`rate`) for showing a rating next to every sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from backers import settings
from backers.errors import BackersError

LEVELS = {0: "deprecated", 1: "generally unreliable", 2: "mixed", 3: "generally reliable"}
FIELDS = {"name", "aliases", "domains", "reliability", "state_affiliated", "country", "basis"}
REQUIRED = ("name", "reliability", "state_affiliated", "basis")
SHIPPED = "sources.yaml"


class SourcesError(BackersError):
    """A sources file that cannot be used: named with the entry at fault."""

    code = "bad-sources"


@dataclass(frozen=True)
class Rating:
    name: str
    reliability: int | None
    state_affiliated: bool
    basis: str
    country: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "reliability": self.reliability,
            "level": LEVELS.get(self.reliability, "unrated")
            if self.reliability is not None
            else "unrated",
            "state_affiliated": self.state_affiliated,
            "country": self.country,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Table:
    by_name: dict[str, Rating]  # normalised name or alias -> rating
    by_domain: dict[str, Rating]  # domain -> rating


def name_key(name: str | None) -> str:
    """An outlet name as matched: lower case, single spaces, no leading "the ". The SQL
    twin is :data:`NAME_SQL`."""
    low = " ".join((name or "").split()).lower()
    return low[4:] if low.startswith("the ") else low


NAME_SQL = "regexp_replace(regexp_replace(lower(trim({col})), '\\s+', ' ', 'g'), '^the ', '')"
HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#]+)")
HOST_SQL = "regexp_extract(lower({col}), '^[a-z][a-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', 1)"


def host_of(url: str | None) -> str:
    found = HOST.match((url or "").strip().lower())
    return found.group(1) if found else ""


def _fail(path: str, where: str, problem: str) -> SourcesError:
    return SourcesError(f"{where}: {problem}", source=path)


def _entry(path: str, i: int, raw: Any) -> tuple[Rating, list[str], list[str]]:
    where = f"entry {i + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "is not a mapping of name, reliability, state_affiliated, basis")
    if isinstance(raw.get("name"), str):
        where = f"entry {i + 1} ({raw['name']!r})"
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        raise _fail(path, where, f"unknown key {unknown[0]!r}; keys: {', '.join(sorted(FIELDS))}")
    for key in REQUIRED:
        if key not in raw:
            raise _fail(path, where, f"missing {key!r}")
    if not isinstance(raw["name"], str) or not raw["name"].strip():
        raise _fail(path, where, "name must be a non-empty string")
    level = raw["reliability"]
    if level is not None and (type(level) is not int or level not in LEVELS):
        raise _fail(path, where, f"reliability {level!r} must be 0, 1, 2, 3 or null")
    if type(raw["state_affiliated"]) is not bool:
        raise _fail(path, where, "state_affiliated must be true or false")
    if not isinstance(raw["basis"], str) or not raw["basis"].strip():
        raise _fail(path, where, "basis must say which public criterion the rating comes from")
    lists = {}
    for key in ("aliases", "domains"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise _fail(path, where, f"{key} must be a list of strings")
        lists[key] = value
    for domain in lists["domains"]:
        if "/" in domain or " " in domain or "." not in domain:
            raise _fail(path, where, f"domain {domain!r} must be a host name like example.org")
    country = raw.get("country")
    if country is not None and not isinstance(country, str):
        raise _fail(path, where, "country must be a string")
    rating = Rating(raw["name"].strip(), level, raw["state_affiliated"], raw["basis"], country)
    names = [name_key(n) for n in [raw["name"], *lists["aliases"]]]
    return rating, names, [d.lower().removeprefix("www.") for d in lists["domains"]]


def _parse(path: str, text: str) -> list[tuple[Rating, list[str], list[str]]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        at = f"line {line + 1}" if line is not None else "file"
        raise _fail(path, at, "is not valid YAML") from err
    if (
        not isinstance(data, dict)
        or set(data) != {"sources"}
        or not isinstance(data["sources"], list)
    ):
        raise _fail(path, "file", "must be a mapping with one key, sources: a list of outlets")
    return [_entry(path, i, raw) for i, raw in enumerate(data["sources"])]


@lru_cache(maxsize=8)
def _table(user: str | None, stamp: float | None) -> Table:
    shipped = (resources.files("backers") / "data" / SHIPPED).read_text(encoding="utf-8")
    entries = _parse(f"backers/data/{SHIPPED}", shipped)
    if user:
        try:
            text = Path(user).read_text(encoding="utf-8")
        except OSError as err:
            raise SourcesError(
                f"cannot read it ({err.strerror or err}); fix {settings.SOURCES.env}", source=user
            ) from err
        mine = _parse(user, text)
        replaced = {n for _, names, _ in mine for n in names}
        entries = [e for e in entries if not replaced.intersection(e[1])] + mine
    by_name: dict[str, Rating] = {}
    by_domain: dict[str, Rating] = {}
    for rating, names, domains in entries:
        for n in names:
            by_name[n] = rating
        for d in domains:
            by_domain[d] = rating
    return Table(by_name, by_domain)


def table() -> Table:
    """The shipped ratings with the user's file (``BACKERS_SOURCES``) merged over them; read
    again when that file changes."""
    user = settings.SOURCES.get().strip() or None
    stamp = None
    if user:
        try:
            stamp = Path(user).stat().st_mtime
        except OSError:
            stamp = None
    return _table(user, stamp)


def check() -> None:
    """Validate the sources files now (commands call this before they run)."""
    table()


def rate(outlet: str | None, url: str | None = None) -> Rating | None:
    """The rating of a document's outlet (by name, else its URL's host), or ``None``."""
    tab = table()
    found = tab.by_name.get(name_key(outlet))
    if found is not None:
        return found
    host = host_of(url)
    while host and "." in host:
        if host in tab.by_domain:
            return tab.by_domain[host]
        host = host.split(".", 1)[1]
    return None


def annotate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``source_rating`` (a dict, or ``None`` for an unrated outlet) to rows that carry
    ``outlet`` and ``url``: what every sentence is shown with."""
    for row in rows:
        found = rate(row.get("outlet"), row.get("url"))
        row["source_rating"] = found.as_dict() if found else None
    return rows


def label(rating: dict[str, Any] | None) -> str:
    """A short label for tables: ``[3 reliable]``, ``[0 deprecated, state]``, ``[unrated]``."""
    if not rating:
        return "[unrated]"
    level = rating.get("reliability")
    text = "unrated" if level is None else f"{level} {LEVELS[level].split()[-1]}"
    return f"[{text}{', state' if rating.get('state_affiliated') else ''}]"


def _selected(keep: Any) -> tuple[list[str], list[str], list[str]]:
    """Names and domains of the entries ``keep`` accepts, and every rated name."""
    tab = table()
    names = sorted(n for n, r in tab.by_name.items() if keep(r))
    domains = sorted(d for d, r in tab.by_domain.items() if keep(r))
    return names, domains, sorted(tab.by_name)


def _matches(doc: str, names: list[str], domains: list[str], every: list[str]) -> tuple[str, list]:
    """SQL: the outlet of ``doc`` (alias of documents) is one of ``names``, or (its name
    unknown) its URL's host is one of ``domains`` or under one."""
    name = NAME_SQL.format(col=f"{doc}.outlet")
    host = HOST_SQL.format(col=f"{doc}.url")
    sql = (
        f"(list_contains(?::VARCHAR[], {name}) OR (NOT list_contains(?::VARCHAR[], "
        f"coalesce({name}, '')) AND EXISTS (SELECT 1 FROM unnest(?::VARCHAR[]) AS _dom(x)"
        f" WHERE {host} = _dom.x OR ends_with({host}, '.' || _dom.x))))"
    )
    return sql, [names, every, domains]


def sql_condition(
    doc: str, min_reliability: int | None, no_state_media: bool
) -> tuple[list[str], list[Any]]:
    """SQL conditions on the documents alias ``doc``: rated at least ``min_reliability``
    (an unrated outlet does not pass), and not state-affiliated."""
    clauses: list[str] = []
    params: list[Any] = []
    if min_reliability is not None:
        chosen = _selected(lambda r: r.reliability is not None and r.reliability >= min_reliability)
        sql, more = _matches(doc, *chosen)
        clauses.append(sql)
        params += more
    if no_state_media:
        sql, more = _matches(doc, *_selected(lambda r: r.state_affiliated))
        clauses.append(f"NOT coalesce({sql}, FALSE)")
        params += more
    return clauses, params
