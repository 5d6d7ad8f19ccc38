"""Each reader, on files written by the tests."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
from pathlib import Path

from backers.ingest import count_inputs, read_inputs
from backers.records import BODY, COMMENTS, TITLE, Article, Failure

STORY = (
    "Coast guard rescues two sailors off the cape\n"
    "\n"
    "By Tomas Berg\n"
    "2 days ago\n"
    "\n"
    "The coast guard rescued two sailors on Sunday after their yacht lost its mast in a storm "
    "off the cape, officials said.\n"
)

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Bridge reopens after repairs | Harbour Times</title>
<meta property="og:title" content="Bridge reopens after repairs">
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="Mira Holt">
<meta property="article:published_time" content="2024-02-14T08:00:00Z">
<script>var tracking = "SCRIPT-TEXT-MUST-NOT-APPEAR";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Bridge reopens after repairs</h1>
<p>The old swing bridge over the river reopened to traffic on Wednesday after four months of
repairs to its rusted gears, the city council said in a statement.</p>
<p>Engineers replaced the main bearing and repainted the steel frame, and the council said the
bridge should now last another forty years without major work.</p>
<p>Drivers had used a ferry and a long detour through the industrial estate while it was shut,
and local shops said they had lost customers during the closure.</p>
</article><div class="share"><a href="#">Share on Facebook</a></div>
<footer>Copyright Harbour Times</footer></body></html>
"""


def read(*paths, **kw) -> list[Article | Failure]:
    return list(read_inputs([str(p) for p in paths], **kw))


def only_article(items) -> Article:
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_text_file(tmp_path: Path):
    path = tmp_path / "coast-guard.txt"
    path.write_text(STORY, encoding="utf-8")
    article = only_article(read(path, as_of=dt.date(2024, 5, 2)))
    assert article.doc_id == "coast-guard"
    assert article.source == str(path)
    assert article.title == "Coast guard rescues two sailors off the cape"
    assert article.author == "Tomas Berg"
    assert (article.published, article.published_precision) == ("2024-04-30", "relative")
    assert article.meta["date_base_source"] == "as_of"
    assert article.raw_hash == hashlib.sha256(STORY.encode()).hexdigest()
    assert article.sections[0].kind == TITLE
    assert "yacht lost its mast" in "".join(article.text[a:b] for a, b in article.body_spans())


def test_relative_date_falls_back_to_file_mtime(tmp_path: Path):
    path = tmp_path / "coast-guard.txt"
    path.write_text(STORY, encoding="utf-8")
    stamp = dt.datetime(2023, 7, 20, 12, tzinfo=dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))
    article = only_article(read(path))
    assert (article.published, article.meta["date_base_source"]) == ("2023-07-18", "mtime")


def test_non_utf8_text_is_decoded(tmp_path: Path):
    path = tmp_path / "latin.txt"
    text = "Café owners in the old town said the façade would be restored before the summer fête."
    path.write_bytes(("Old town façades\n\n" + text + "\n").encode("cp1252"))
    article = only_article(read(path))
    assert "façade would be restored" in article.text


def test_html_file(tmp_path: Path):
    path = tmp_path / "bridge.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only_article(read(path))
    assert article.doc_id == "bridge"
    assert article.title == "Bridge reopens after repairs"
    assert article.author == "Mira Holt"
    assert article.outlet == "Harbour Times"
    assert (article.published, article.published_precision) == ("2024-02-14", "day")
    body = "".join(article.text[a:b] for a, b in article.body_spans())
    assert "swing bridge over the river reopened" in body
    assert "SCRIPT-TEXT-MUST-NOT-APPEAR" not in article.text
    assert "Copyright Harbour Times" not in body


def test_jsonl_records(tmp_path: Path):
    path = tmp_path / "wires.jsonl"
    records = [
        {
            "id": "w-1",
            "title": "Ferry fares rise",
            "url": "https://example.org/ferry",
            "outlet": "Example Wire",
            "published": "2024-01-05",
            "retrieved": "2024-01-07",
            "topic": "other",
            "text": "Ferry fares rose by a tenth on Monday, the operator said.\n\nShare\n",
        },
        {"title": "No id here", "text": "The lighthouse was repainted red and white."},
        {"id": "w-3", "html": PAGE},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    first, second, third = read(path)
    assert first.doc_id == "w-1" and first.source == f"{path}:1"
    assert (first.title, first.url, first.outlet) == (
        "Ferry fares rise",
        "https://example.org/ferry",
        "Example Wire",
    )
    assert (first.published, first.published_precision) == ("2024-01-05", "day")
    assert first.retrieved == "2024-01-07"
    assert first.meta["topic"] == "other"
    assert "text" not in first.meta
    assert first.section_text("noise")[0][1].strip() == "Share"
    assert second.doc_id == "wires-2"
    assert third.doc_id == "w-3" and third.outlet == "Harbour Times"


def test_jsonl_relative_date_uses_retrieval_date(tmp_path: Path):
    path = tmp_path / "scraped.ndjson"
    record = {"id": "s-1", "retrieved": "2024-06-10", "text": STORY}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    article = only_article(read(path))
    assert (article.published, article.published_precision) == ("2024-06-08", "relative")
    assert article.meta["date_base_source"] == "retrieved"
    assert article.meta["date_source"] == "relative to the retrieval date"


def test_gzipped_text_and_jsonl(tmp_path: Path):
    with gzip.open(tmp_path / "coast.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write(STORY)
    with gzip.open(tmp_path / "wires.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g-1", "text": "The dam held after the flood."}) + "\n")
        fh.write(json.dumps({"id": "g-2", "text": "The road reopened at noon."}) + "\n")
    items = read(tmp_path)
    assert [a.doc_id for a in items] == ["coast", "g-1", "g-2"]
    assert items[1].source == f"{tmp_path / 'wires.jsonl.gz'}:1"


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "deep" / "z.txt").write_text("Deep story.\n\nIt has a body line.\n")
    (tmp_path / "b" / "a.htm").write_text(PAGE)
    (tmp_path / "a.txt").write_text("Top story.\n\nIt has a body line.\n")
    (tmp_path / "notes.md").write_text("not an input")
    (tmp_path / ".hidden" / "x.txt").write_text("hidden")
    items = read(tmp_path)
    assert [a.doc_id for a in items] == ["a", "a", "z"]
    assert [Path(a.source).name for a in items] == ["a.txt", "a.htm", "z.txt"]


def test_stdin_text():
    items = read("-", stdin=io.BytesIO(STORY.encode()), as_of=dt.date(2024, 5, 2))
    article = only_article(items)
    assert (article.source, article.doc_id) == ("<stdin>", "stdin")
    assert article.author == "Tomas Berg"


def test_stdin_jsonl_is_sniffed():
    data = b"\n" + b"\n".join(
        json.dumps({"id": f"r{i}", "text": f"Line {i} of the log."}).encode() for i in range(3)
    )
    items = read("-", stdin=io.BytesIO(data))
    assert [a.doc_id for a in items] == ["r0", "r1", "r2"]
    assert items[0].source == "<stdin>:2"


def test_stdin_html_is_sniffed():
    article = only_article(read("-", stdin=io.BytesIO(PAGE.encode())))
    assert article.title == "Bridge reopens after repairs"
    assert "<p>" not in article.text


def test_stdin_gzip_is_recognised():
    article = only_article(read("-", stdin=io.BytesIO(gzip.compress(STORY.encode()))))
    assert article.title == "Coast guard rescues two sailors off the cape"


def test_html_comments_are_kept_apart_as_comments(tmp_path: Path):
    page = PAGE.replace(
        "<footer>",
        '<div class="comments" id="comments"><p>kayak_kim: Great news, the detour was awful and '
        "took me forty minutes every single morning.</p></div><footer>",
    )
    path = tmp_path / "with-comments.html"
    path.write_text(page, encoding="utf-8")
    article = only_article(read(path))
    body = "".join(article.text[a:b] for a, b in article.body_spans())
    assert "detour was awful" not in body
    [(section, text)] = article.section_text(COMMENTS)
    assert text.startswith("kayak_kim: Great news")
    assert section.end == len(article.text)


def test_count_inputs(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("One.\n")
    (tmp_path / "sub" / "b.jsonl").write_text('{"id": 1}\n{"id": 2}\n{"id": 3}')
    with gzip.open(tmp_path / "c.jsonl.gz", "wb") as fh:
        fh.write(b'{"id": 4}\n{"id": 5}\n')
    assert count_inputs([str(tmp_path)]) == 6
    assert count_inputs([str(tmp_path / "a.txt"), "-"]) is None


def test_every_article_is_body_or_labelled(tmp_path: Path):
    path = tmp_path / "coast-guard.txt"
    path.write_text(STORY, encoding="utf-8")
    article = only_article(read(path))
    position = 0
    for section in article.sections:
        assert section.start == position
        position = section.end
    assert position == len(article.text)
    assert BODY in {s.kind for s in article.sections}


def test_count_inputs_survives_a_corrupt_gzip(tmp_path: Path):
    (tmp_path / "bad.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00not deflate at all")
    assert count_inputs([str(tmp_path)]) == 1


def test_file_without_known_extension_is_sniffed(tmp_path: Path):
    (tmp_path / "dump").write_text(json.dumps({"id": "d1", "text": "The tide turned."}) + "\n")
    (tmp_path / "page").write_text(PAGE)
    (tmp_path / "note").write_text(STORY)
    assert only_article(read(tmp_path / "dump")).doc_id == "d1"
    assert only_article(read(tmp_path / "page")).title == "Bridge reopens after repairs"
    assert only_article(read(tmp_path / "note")).author == "Tomas Berg"


def test_a_date_says_where_it_came_from(tmp_path: Path):
    """The record's field beats the text, and a stated full date is used before any
    relative one (which names its anchor: see the retrieval-date test above)."""
    from backers.ingest import read_inputs

    records = tmp_path / "dates.jsonl"
    records.write_text(
        '{"id": "rec", "published": "2023-02-01", "text": "Spain sent tanks to Ukraine."}\n'
        '{"id": "stated", "text": "KYIV, March 3, 2023 - Spain sent tanks to Ukraine.\\n\\n'
        'It was the second delivery."}\n',
        encoding="utf-8",
    )
    found = {a.doc_id: a for a in read_inputs([str(records)]) if hasattr(a, "doc_id")}
    assert found["rec"].published == "2023-02-01"
    assert found["rec"].meta["date_source"] == "record"
    assert found["stated"].published == "2023-03-03"
    assert found["stated"].meta["date_source"] == "text"
