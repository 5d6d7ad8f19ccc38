"""Web ingest runs against the local site: feeds give only their new entries, a story under
tracking parameters is one document, every failure is recorded with its reason, raw pages
are kept compressed, and articles in other languages are stored, tagged and not read."""

from __future__ import annotations

import zlib

from backers.ingest.web import ingest_web, reread_pages
from backers.store import Store
from tests.web.site import Route, rss

FAILING = {
    "/slow.html": "timeout",
    "/gone.html": "http-404",
    "/broken.html": "http-500",
    "/loop.html": "redirect-loop",
    "/huge.html": "too-large",
    "/picture.png": "not-html",
    "/private/secret.html": "robots",
    "/menu.html": "no-body",
}


def _rows(store: Store, sql: str) -> list[tuple]:
    with store.read() as con:
        return con.execute(sql).fetchall()


def test_only_new_feed_entries_are_fetched(site, config, db_path) -> None:
    store = Store(db_path)
    first = ingest_web(store, feeds=[site.url("/feed.xml")], config=config, extract=False)
    assert (first.new_entries, first.stored) == (3, 3)
    site.routes["/feed.xml"] = Route(
        rss(site.base, [("new", "/news/shells.html"), ("old", "/news/harbour.html")]),
        content_type="application/rss+xml",
    )
    second = ingest_web(store, feeds=[site.url("/feed.xml")], config=config, extract=False)
    assert (second.new_entries, second.stored) == (1, 1)
    assert site.fetched("/news/harbour.html") == 1  # the old entry was not fetched again
    assert site.fetched("/news/shells.html") == 1
    assert _rows(store, "SELECT count(*) FROM documents") == [(4,)]


def test_an_unchanged_feed_is_asked_with_its_etag(site, config, db_path) -> None:
    store = Store(db_path)
    ingest_web(store, feeds=[site.url("/feed.xml")], config=config, extract=False)
    again = ingest_web(store, feeds=[site.url("/feed.xml")], config=config, extract=False)
    assert again.not_modified == 1 and again.new_entries == 0


def test_atom_json_feed_sitemap_and_discovery(site, config, db_path) -> None:
    store = Store(db_path)
    site.routes["/rss-as-html"] = Route(site.routes["/feed.xml"].body)  # served as text/html
    report = ingest_web(
        store,
        feeds=[
            site.url("/atom.xml"),
            site.url("/feed.json"),
            site.url("/"),
            site.url("/rss-as-html"),
        ],
        sitemaps=[site.url("/sitemap.xml")],
        config=config,
        extract=False,
    )
    assert report.failed == 0, report.failures
    urls = {u for (u,) in _rows(store, "SELECT url FROM documents")}
    assert urls == {
        site.url(p) for p in ("/news/harbour.html", "/news/port-fr.html", "/news/port-ru.html")
    }


def test_tracking_parameters_make_one_document(site, config, db_path) -> None:
    store = Store(db_path)
    story = "/news/harbour.html"
    ingest_web(
        store,
        urls=[site.url(story + "?utm_source=rss&utm_medium=feed")],
        config=config,
        extract=False,
    )
    again = ingest_web(
        store, urls=[site.url(story + "?fbclid=abc"), site.url(story)], config=config, extract=False
    )
    assert (again.stored, again.unchanged) == (0, 1)
    assert _rows(store, "SELECT url FROM documents") == [(site.url(story),)]


def test_every_failure_is_recorded_and_the_run_goes_on(site, config, db_path) -> None:
    store = Store(db_path)
    urls = [site.url(p) for p in FAILING] + [site.url("/news/harbour.html")]
    report = ingest_web(
        store, urls=urls, feeds=[site.url("/bad-feed.xml")], config=config, extract=False
    )
    assert report.stored == 1
    codes = dict(_rows(store, "SELECT source, code FROM failures"))
    for path, code in FAILING.items():
        assert codes[site.url(path)] == code, path
    assert codes[site.url("/bad-feed.xml")] == "bad-feed"
    assert report.failed == len(FAILING) + 1


def test_the_raw_page_is_kept_compressed_beside_its_document(site, config, db_path) -> None:
    store = Store(db_path)
    ingest_web(store, urls=[site.url("/news/harbour.html")], config=config, extract=False)
    ((raw, size, article),) = _rows(store, "SELECT raw, raw_size, article_id FROM web_pages")
    original = site.routes["/news/harbour.html"].body.encode()
    assert zlib.decompress(raw) == original and size == len(original) and len(raw) < size
    assert _rows(store, "SELECT id FROM documents") == [(article,)]


def test_other_languages_are_stored_named_and_not_read(site, config, db_path) -> None:
    store = Store(db_path)
    report = ingest_web(store, feeds=[site.url("/feed.xml")], config=config)
    assert report.stored == 3 and dict(report.not_read) == {"French": 1, "Russian": 1}
    assert "2 not read (French 1, Russian 1)" in report.line()
    langs = dict(_rows(store, "SELECT url, json_extract_string(meta, '$.language') FROM documents"))
    assert langs == {
        site.url("/news/harbour.html"): "en",
        site.url("/news/port-fr.html"): "fr",
        site.url("/news/port-ru.html"): "ru",
    }
    failures = _rows(store, "SELECT source, code, message FROM failures ORDER BY source")
    assert [(s, c) for s, c, _ in failures] == [
        (site.url("/news/port-fr.html"), "not-read-language"),
        (site.url("/news/port-ru.html"), "not-read-language"),
    ]
    assert "French" in failures[0][2] and "Russian" in failures[1][2]
    # read by no pipeline: no claims, and the English article was read
    assert _rows(store, "SELECT count(*) FROM extractions") == [(3,)]


def test_a_transient_failure_is_tried_again_at_the_next_run(site, config, db_path) -> None:
    store = Store(db_path)
    site.routes["/feed.xml"] = Route(
        rss(site.base, [("a", "/flaky.html")]), content_type="application/rss+xml"
    )
    site.routes["/flaky.html"] = Route("down", status=503)
    first = ingest_web(store, feeds=[site.url("/feed.xml")], config=config, extract=False)
    assert first.failed == 1
    site.routes["/flaky.html"] = site.routes["/news/harbour.html"]
    second = ingest_web(store, feeds=[site.url("/feed.xml")], config=config, extract=False)
    assert second.stored == 1


def test_stored_raw_pages_are_read_again_without_fetching(site, config, db_path) -> None:
    store = Store(db_path)
    ingest_web(store, feeds=[site.url("/feed.xml")], config=config, extract=False)
    asked = len(site.log)
    again = list(reread_pages(store))
    assert len(site.log) == asked  # nothing fetched
    stored = {row[0] for row in _rows(store, "SELECT id FROM documents")}
    assert {a.id for a in again} == stored and len(again) == 3
