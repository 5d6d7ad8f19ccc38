"""What a typed query means, and what a hit carries: passages cut at the searched words
and at the sentences claims were read from."""

from __future__ import annotations

from pathlib import Path

import pytest

from backers.query.filters import Filters
from backers.query.search import SearchSyntaxError, parse, search
from backers.store import Store
from backers.store.search_index import index_for

from ..serve.store_data import KIRBY_CONFIRM


def test_words_phrases_and_prefixes_become_quoted_fts_terms() -> None:
    assert parse("Shahed").expression == '"Shahed"'
    assert parse('  "attack  drones"   Iran ').expression == '"attack drones" "Iran"'
    assert parse("Shah*").expression == '"Shah" *'
    # FTS5 syntax typed by a user is text, never an operator or a column filter.
    assert parse("title:x NEAR(a b) OR -y").expression == '"title:x" "NEAR(a" "b)" "OR" "-y"'


@pytest.mark.parametrize(
    ("typed", "message"),
    [('"drones', "unclosed quote"), ("  * - ", "no word"), ("x" * 301, "over 300")],
)
def test_a_query_that_cannot_be_searched_is_refused_with_the_reason(
    typed: str, message: str
) -> None:
    with pytest.raises(SearchSyntaxError, match=message):
        parse(typed)


def _search(path: Path, text: str, flt: Filters | None = None, **kw: object) -> dict:
    store = Store(path)
    with store.read() as con:
        return search(con, index_for(store), text, flt, **kw)


def test_a_hit_marks_the_words_and_the_claim_sentence(search_store: Path) -> None:
    found = _search(search_store, "Shahed")
    assert found["total"] == 2  # the article and its reprint
    hit = found["rows"][0]
    assert hit["claims"] >= 1
    passage = hit["passages"][0]
    text = "".join(s["text"] for s in passage["segments"])
    assert text == KIRBY_CONFIRM  # the claim's own sentence, exactly
    assert [s["text"] for s in passage["segments"] if s["term"]] == ["Shahed"]
    assert all(s["claim"] for s in passage["segments"])
    assert {(c["supporter"], c["recipient"], c["type"]) for c in passage["claims"]} == {
        ("Iran", "Russia", "arms")
    }


def test_phrase_prefix_and_the_words_of_a_title(search_store: Path) -> None:
    assert _search(search_store, '"Shahed sold"')["total"] == 0
    assert _search(search_store, '"sold Shahed-136 drones"')["total"] == 2
    assert _search(search_store, "Pyong*")["rows"][0]["doc_id"] == "nk-wagner"
    title = _search(search_store, "Iron Dome")["rows"][0]["title_segments"]
    assert [s["text"] for s in title if s["term"]] == ["Iron", "Dome"]


def test_filters_by_actor_outlet_and_date(search_store: Path) -> None:
    drones = _search(search_store, "drones")
    assert drones["total"] >= 3
    by_actor = _search(search_store, "drones", Filters(actor="Iran"))
    assert {h["doc_id"] for h in by_actor["rows"]} == {"drones-crimea", "drones-crimea-reprint"}
    by_outlet = _search(search_store, "drones", Filters(outlet="example daily"))
    assert [h["doc_id"] for h in by_outlet["rows"]] == ["drones-crimea-reprint"]
    dated = _search(search_store, "drones", Filters(date_from="2022-10-21", date_to="2022-10"))
    assert [h["doc_id"] for h in dated["rows"]] == ["drones-crimea-reprint"]
    assert _search(search_store, "drones", Filters(actor="Wagner Group"))["total"] == 0


def test_pages_are_exact(search_store: Path) -> None:
    first = _search(search_store, "drones", limit=1)
    second = _search(search_store, "drones", limit=1, offset=1)
    assert first["total"] == second["total"] >= 2
    assert first["next_offset"] == 1
    assert first["rows"][0]["id"] != second["rows"][0]["id"]
