"""The noise rules, one behaviour per test, on text written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from backers.ingest import clean_text
from backers.records import BODY, BYLINE, CAPTION, COMMENTS, NOISE, TITLE

AS_OF = dt.date(2024, 3, 10)


def kinds(raw: str, **kw):
    result = clean_text(raw, **kw)
    return result, [(k, lab, t.strip()) for k, lab, t in result.kinds()]


def kind_of(result, needle: str) -> tuple[str, str]:
    """(kind, label) of the section holding ``needle``."""
    at = result.text.index(needle)
    for s in result.sections:
        if s.start <= at < s.end:
            return s.kind, s.label
    raise AssertionError(needle)


def body_text(result) -> str:
    return "".join(result.text[s.start : s.end] for s in result.sections if s.kind == BODY)


PAGE = (
    "Harbour cranes idle as the strike enters its second week\n"
    "\n"
    "0\n"
    "1,204\n"
    "\n"
    "By Ana Lopes, Senior Labour Correspondent For Portside.example\n"
    "\u00a02 days ago\n"
    "\n"
    "Dock workers in the northern port kept their picket lines on Tuesday as talks with the "
    "operators stalled over pay and night shifts.\n"
    "\n"
    "https://img.portside.example/photo.php?id=cranes\n"
    "Idle cranes stand over empty berths on Monday evening\n"
    "\n"
    "The union said it would not return to the table before the operators made a written offer "
    "on the night rota.\n"
    "\n"
    "Share this article\n"
    "Advertisement\n"
    "Read more: Why the port strike matters for winter supplies\n"
    "\n"
    "Comments / 2\n"
    "\n"
    "quaysider\n"
    "1d ago\n"
    "\n"
    "About time someone stood up for the night crews.\n"
    "\n"
    "Reply\n"
    "5\n"
)


def test_sections_tile_the_text_in_order():
    result = clean_text(PAGE, as_of=AS_OF)
    position = 0
    for section in result.sections:
        assert section.start == position < section.end
        position = section.end
    assert position == len(result.text)


def test_first_heading_line_is_the_title():
    result = clean_text(PAGE, as_of=AS_OF)
    assert result.title == "Harbour cranes idle as the strike enters its second week"
    assert result.sections[0].kind == TITLE


def test_engagement_counters_are_noise():
    result = clean_text(PAGE, as_of=AS_OF)
    assert kind_of(result, "1,204") == (NOISE, "counter")
    assert "1,204" not in body_text(result)


def test_byline_gives_author_and_outlet():
    result = clean_text(PAGE, as_of=AS_OF)
    assert (result.author, result.outlet) == ("Ana Lopes", "Portside.example")
    assert kind_of(result, "By Ana Lopes") == (BYLINE, "byline")


def test_relative_date_is_resolved_against_as_of():
    result = clean_text(PAGE, as_of=AS_OF)
    assert result.published == "2024-03-08"
    assert result.published_precision == "relative"
    assert result.date_text == "2 days ago"
    assert kind_of(result, "2 days ago") == (BYLINE, "date")


def test_relative_date_without_base_stays_unknown():
    result = clean_text(PAGE)
    assert result.published is None
    assert result.published_precision == "unknown"
    assert result.date_text == "2 days ago"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("5h ago", "2024-03-10"),
        ("3 hours ago", "2024-03-10"),
        ("4d ago", "2024-03-06"),
        ("1 week ago", "2024-03-03"),
        ("yesterday", "2024-03-09"),
    ],
)
def test_relative_date_forms(line, expected):
    result = clean_text(f"A headline about ports\n{line}\n\nThe body starts here.\n", as_of=AS_OF)
    assert (result.published, result.published_precision) == (expected, "relative")


def test_absolute_date_line_has_day_precision():
    raw = "A headline about ports\nUpdated: March 4, 2024 at 9:15 AM\n\nThe body starts here.\n"
    result = clean_text(raw, as_of=AS_OF)
    assert (result.published, result.published_precision) == ("2024-03-04", "day")


def test_image_url_is_noise_and_next_line_is_its_caption():
    result = clean_text(PAGE, as_of=AS_OF)
    assert kind_of(result, "https://img.portside.example") == (NOISE, "image-url")
    assert kind_of(result, "Idle cranes stand") == (CAPTION, "after-image")


def test_long_paragraph_after_blank_line_under_image_stays_body():
    raw = (
        "Title line here\n\n"
        "First paragraph of the story, long enough to count as a real paragraph of text.\n\n"
        "![](https://cdn.example.org/pic.png)\n\n"
        "The next paragraph goes on with the story and ends with a full stop as prose does.\n"
    )
    result = clean_text(raw)
    assert kind_of(result, "The next paragraph") == (BODY, "")


def test_photo_credit_is_a_caption():
    raw = "Title line here\n\nA long first paragraph that tells the story of the day in port.\n"
    raw += "Workers gather at the gate (Photo: Staff)\n"
    result = clean_text(raw)
    assert kind_of(result, "Workers gather") == (CAPTION, "credit")


@pytest.mark.parametrize(
    ("needle", "label"),
    [
        ("Share this article", "share"),
        ("Advertisement", "advert"),
        ("Read more: Why", "read-more"),
    ],
)
def test_share_ad_and_read_more_lines_are_noise(needle, label):
    result = clean_text(PAGE, as_of=AS_OF)
    assert kind_of(result, needle) == (NOISE, label)


def test_everything_from_the_comments_heading_is_comments():
    result = clean_text(PAGE, as_of=AS_OF)
    start = result.text.index("Comments / 2")
    covered = [s for s in result.sections if s.end > start]
    assert covered and all(s.kind == COMMENTS for s in covered)
    assert "night crews" not in body_text(result)
    assert kind_of(result, "quaysider") == (COMMENTS, "")


def test_comment_thread_without_heading_is_found():
    raw = (
        "Title line here\n\n"
        "The council approved the new ferry timetable after a long debate on Monday night.\n\n"
        "harbour_gull\n"
        "3d ago\n\n"
        "Finally a late boat on Sundays.\n\n"
        "Reply\n"
        "2\n"
    )
    result = clean_text(raw, as_of=AS_OF)
    assert kind_of(result, "harbour_gull") == (COMMENTS, "comments")
    assert kind_of(result, "Finally a late boat") == (COMMENTS, "")
    assert result.published is None  # a comment's date is not the article's


def test_comments_link_above_the_story_is_navigation_not_comments():
    raw = (
        "Comments\nThe ferry company raised prices again this spring, passengers said on Friday.\n"
    )
    result = clean_text(raw, title="Ferry prices rise")
    assert kind_of(result, "Comments") == (NOISE, "navigation")
    assert kind_of(result, "The ferry company") == (BODY, "")


def test_run_of_short_menu_lines_is_navigation():
    raw = (
        "Title line here\nHome\nWorld\nBusiness\nSport\nWeather\n\n"
        "The storm closed three bridges overnight and the coast guard rescued two sailors.\n"
    )
    result = clean_text(raw)
    for word in ("Home", "World", "Sport", "Weather"):
        assert kind_of(result, word + "\n") == (NOISE, "navigation")
    assert kind_of(result, "The storm") == (BODY, "")


def test_markdown_furniture_is_noise():
    raw = (
        "Title line here\n===============\n\n### SUMMARY\n\n"
        "- [Privacy policy](https://example.org/privacy)\n\n"
        "The storm closed three bridges overnight and the coast guard rescued two sailors.\n"
    )
    result = clean_text(raw)
    assert kind_of(result, "=====") == (NOISE, "rule")
    assert kind_of(result, "### SUMMARY") == (NOISE, "heading")
    assert kind_of(result, "[Privacy policy]") == (NOISE, "link")


def test_hard_wrapped_number_continues_its_sentence():
    raw = "The ministry said the fleet would grow by\n2030.\n\nA second paragraph follows here.\n"
    result = clean_text(raw, title="Fleet plans")
    assert kind_of(result, "2030.") == (BODY, "")


def test_mojibake_is_repaired_and_curly_quotes_kept():
    raw = (
        "Title line here\n\nThe captainâ€™s log said: \u201cwe sail at dawn\u201d, nothing else.\n"
    )
    result = clean_text(raw)
    assert "captain\u2019s" in result.text
    assert "\u201cwe sail at dawn\u201d" in result.text
    assert "mojibake-fixed" in result.notes


def test_news_api_truncation_mark_is_noise():
    raw = "The port reopened on Sunday after a week of repairs. Ships queued outside. [+2310 chars]"
    result = clean_text(raw, title="Port reopens")
    assert kind_of(result, "[+2310 chars]") == (NOISE, "truncation-mark")
    assert body_text(result).endswith("Ships queued outside.")
    assert "truncated" in result.notes


def test_unfinished_last_sentence_is_noise():
    sentence = "The harbour master said the repairs had gone well and the berths were safe. "
    raw = sentence * 3 + "Officials expect the first container ship to arrive on"
    result = clean_text(raw, title="Port reopens")
    assert kind_of(result, "Officials expect") == (NOISE, "truncated")
    assert body_text(result).rstrip().endswith("berths were safe.")


def test_trailing_ellipsis_fragment_is_noise():
    raw = "The ferry left on time. The crew said the sea was calm and the passengers…"
    result = clean_text(raw, title="Ferry")
    assert kind_of(result, "The crew said") == (NOISE, "truncated")


def test_complete_text_is_not_marked_truncated():
    raw = "The ferry left on time. " * 12
    result = clean_text(raw.strip(), title="Ferry")
    assert [s.kind for s in result.sections] == [BODY]
    assert "truncated" not in result.notes


def test_known_title_repeated_on_first_line_is_the_title_section():
    raw = "Ferry prices rise\nThe ferry company raised prices again this spring, riders said.\n"
    result = clean_text(raw, title="Ferry prices rise")
    assert result.sections[0].kind == TITLE
    assert kind_of(result, "The ferry company") == (BODY, "")


def test_known_title_not_in_text_leaves_first_line_as_body():
    raw = "The ferry company raised prices again\nthis spring, riders said.\n"
    result = clean_text(raw, title="Ferry prices rise")
    assert {s.kind for s in result.sections} == {BODY}
    assert result.title == "Ferry prices rise"


def test_leading_blank_lines_are_blank_noise():
    result = clean_text("\n\nFerry prices rise\n\nThe ferry company raised prices again.\n")
    assert (result.sections[0].kind, result.sections[0].label) == (NOISE, "blank")
    assert result.text[result.sections[0].start : result.sections[0].end] == "\n\n"


def test_hard_wrapped_link_inside_a_sentence_stays_body():
    raw = (
        "The council said it would publish the\n"
        "[timetable](https://example.org/timetable)\n"
        "before the end of the month.\n"
    )
    result = clean_text(raw, title="Timetable")
    assert kind_of(result, "[timetable]") == (BODY, "")


def test_link_line_after_a_finished_sentence_is_noise():
    raw = "The council published the timetable.\n[Timetable](https://example.org/t)\n"
    result = clean_text(raw, title="Timetable")
    assert kind_of(result, "[Timetable]") == (NOISE, "link")


def test_bulleted_list_in_the_body_is_not_navigation():
    raw = (
        "The package announced on Friday includes:\n"
        "- Mortar rounds\n- Night vision goggles\n- Field radios\n- Trucks\n\n"
        "Officials said more would follow in the spring.\n"
    )
    result = clean_text(raw, title="Aid package")
    assert kind_of(result, "- Field radios") == (BODY, "")
