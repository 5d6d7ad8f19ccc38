"""The web commands as a user runs them against the local site: `backers ingest URL`,
`--urls`, `--feed`, `--sitemap`, `backers watch --once` twice, and the errors they name."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from backers.cli import app
from backers.store import Store
from tests.web.site import FR_PAGE

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [*args])


def count(db: Path, sql: str) -> int:
    with Store(db).read() as con:
        return con.execute(sql).fetchone()[0]


def test_watch_once_twice_stores_each_article_once(site, web_env, db_path, tmp_path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the wires\n{site.url('/feed.xml')}\nsitemap {site.url('/sitemap.xml')}\n")
    first = run("watch", str(feeds), "--once", "--quiet", "--db", str(db_path))
    assert first.exit_code == 0, first.output
    assert "3 stored" in first.output and "2 not read (French 1, Russian 1)" in first.output
    second = run("watch", str(feeds), "--once", "--quiet", "--db", str(db_path))
    assert second.exit_code == 0, second.output
    assert "(1 not modified), 0 new pages, 0 stored" in second.output
    assert count(db_path, "SELECT count(*) FROM documents") == 3
    assert site.fetched("/news/harbour.html") == 1  # in the feed and the sitemap: once


def test_ingest_urls_from_arguments_a_file_a_feed_and_a_sitemap(
    site, web_env, db_path, tmp_path
) -> None:
    story = site.url("/news/harbour.html")
    first = run("ingest", "-q", "--no-extract", story + "?utm_source=x", "--db", str(db_path))
    assert first.exit_code == 0, first.output
    assert "1 stored, 0 unchanged, 0 failed" in first.output
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# stories\n{story}\n{site.url('/news/shells.html')}\n")
    second = run("ingest", "-q", "--no-extract", "--urls", str(listed), "--db", str(db_path))
    assert "1 stored, 1 unchanged" in second.output
    third = run(
        "ingest", "-q", "--no-extract", "--feed", site.url("/atom.xml"),
        "--sitemap", site.url("/sitemap.xml"), "--db", str(db_path),
    )  # fmt: skip
    assert third.exit_code == 0, third.output
    assert "1 stored, 1 unchanged, 0 failed, 1 not read (French 1" in third.output
    docs = run("docs", "--lang", "fr", "--db", str(db_path))
    assert docs.output.count("\n") == 1 and "port-fr" in docs.output


def test_a_failing_url_is_named_recorded_and_exits_1(site, web_env, db_path) -> None:
    result = run(
        "ingest", "-q", "--no-extract", site.url("/gone.html"), site.url("/news/harbour.html"),
        "--db", str(db_path),
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"failed: {site.url('/gone.html')}: the server answered HTTP 404" in result.output
    assert "1 stored, 0 unchanged, 1 failed" in result.output
    failures = run("failures", "--code", "http-404", "--db", str(db_path))
    assert site.url("/gone.html") in failures.output


def test_files_and_urls_in_one_ingest(site, web_env, db_path, tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.txt").write_text(
        "Officials said on Tuesday that the harbour had reopened after the storm, and the "
        "first ferries left on time in the afternoon while workers cleared the roads."
    )
    result = run(
        "ingest", "-q", "--no-extract", str(tmp_path / "in"), site.url("/news/shells.html"),
        "--db", str(db_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert count(db_path, "SELECT count(*) FROM documents") == 2


def test_a_french_file_is_stored_tagged_and_reported_not_read(db_path, tmp_path) -> None:
    import re

    text = re.sub(r"<[^>]+>", "\n", FR_PAGE)
    (tmp_path / "port.txt").write_text(text, encoding="utf-8")
    result = run("ingest", "-q", str(tmp_path / "port.txt"), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "1 stored, 0 unchanged, 0 failed, 1 not read" in result.output
    assert "not read:" in result.output and "French (fr)" in result.output
    assert "port" in run("docs", "--lang", "fr", "--db", str(db_path)).output
    assert run("docs", "--lang", "en", "--db", str(db_path)).output == ""
    failures = run("failures", "--code", "not-read-language", "--db", str(db_path)).output
    assert "French" in failures
    assert count(db_path, "SELECT count(*) FROM claims") == 0


def test_bad_watch_input_is_named(tmp_path, db_path) -> None:
    missing = run("watch", str(tmp_path / "nope.txt"), "--once", "--db", str(db_path))
    assert missing.exit_code == 2 and "nope.txt: no such file" in missing.output
    bad = tmp_path / "feeds.txt"
    bad.write_text("http://127.0.0.1:9/feed\nftp://example/feed\n")
    line = run("watch", str(bad), "--once", "--db", str(db_path))
    assert line.exit_code == 2 and "feeds.txt:2:" in line.output
    every = run("watch", str(bad), "--every", "soon", "--db", str(db_path))
    assert every.exit_code == 2 and "--every 'soon'" in every.output
    urls = tmp_path / "urls.txt"
    urls.write_text("not a url\n")
    listed = run("ingest", "--urls", str(urls), "--db", str(db_path))
    assert listed.exit_code == 2 and "urls.txt:1:" in listed.output
    nothing = run("ingest", "--db", str(db_path))
    assert nothing.exit_code == 2


def test_a_bad_fetch_setting_is_named(tmp_path, db_path, monkeypatch) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/feed.xml\n")
    monkeypatch.setenv("BACKERS_HOST_DELAY", "fast")
    result = run("watch", str(feeds), "--db", str(db_path))
    assert result.exit_code == 2 and "BACKERS_HOST_DELAY='fast'" in result.output
    web = run("ingest", "http://127.0.0.1:9/x.html", "--db", str(db_path))
    assert web.exit_code == 1 and "BACKERS_HOST_DELAY" in web.output


def test_urls_with_the_dask_engine_are_refused_not_ignored(db_path) -> None:
    """Options that do not apply are an error, never a silent fallback."""
    for extra in (["https://example.org/story"], ["--feed", "https://example.org/rss"]):
        result = run("ingest", *extra, "--engine", "dask", "--db", str(db_path))
        assert result.exit_code == 2
        assert "local engine" in result.output
    assert not db_path.exists()
