"""What changed between two runs, as `backers changes`, /api/changes and the Atom feed
give it: the first run finds Iran pledging drones to Russia; the second finds them
delivered (a status change, and the confidence crossing 0.5) and North Korea shipping
shells (a new supporter of Russia). Nothing else."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backers.cli import app
from backers.ingest.web import ingest_web
from backers.serve.app import create_app
from backers.store import Store
from tests.web.site import Route, rss

EXPECTED = {
    ("status", "Iran", "pledged", "delivered"),
    ("confidence", "Iran"),  # a second source lifts it over 0.5 (values: the fuse's formula)
    ("new-supporter", "North Korea", None, "delivered"),
}


def keys(rows: list[dict]) -> set[tuple]:
    return {
        (r["kind"], r["supporter"])
        if r["kind"] == "confidence"
        else (r["kind"], r["supporter"], r["before"], r["after"])
        for r in rows
    }


@pytest.fixture
def two_runs(site, config, db_path):
    """The store after the two runs, and the moment between them."""
    store = Store(db_path)
    feed = site.url("/feed.xml")
    site.routes["/feed.xml"] = Route(
        rss(site.base, [("pledge", "/news/iran-pledge.html")]), content_type="application/rss+xml"
    )
    first = ingest_web(store, feeds=[feed], config=config)
    assert first.changes == 1  # the first run: Iran is a new supporter of Russia
    between = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    site.routes["/feed.xml"] = Route(
        rss(
            site.base,
            [
                ("pledge", "/news/iran-pledge.html"),
                ("delivered", "/news/iran-delivers.html"),
                ("shells", "/news/shells.html"),
            ],
        ),
        content_type="application/rss+xml",
    )
    second = ingest_web(store, feeds=[feed], config=config)
    assert second.changes == len(EXPECTED)
    return db_path, between.isoformat()


def test_backers_changes_lists_exactly_the_changes_of_the_second_run(two_runs) -> None:
    db_path, between = two_runs
    result = CliRunner().invoke(
        app, ["changes", "--db", str(db_path), "--since", between, "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert keys(rows) == EXPECTED
    assert all(r["recipient"] == "Russia" for r in rows)
    everything = CliRunner().invoke(app, ["changes", "--db", str(db_path)])
    assert len(everything.output.splitlines()) == len(EXPECTED) + 1  # and the first run's
    table = CliRunner().invoke(app, ["changes", "--db", str(db_path), "--kind", "status"])
    assert table.output.count("\n") == 1 and "pledged -> delivered" in table.output


def test_the_api_and_the_atom_feed_give_the_same_changes(two_runs) -> None:
    db_path, between = two_runs
    client = TestClient(create_app(db_path))
    api = client.get("/api/changes", params={"since": between}).json()
    assert api["total"] == len(EXPECTED)
    assert keys(api["items"]) == EXPECTED

    response = client.get("/feeds/changes.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception  # well-formed: feedparser reads it back
    assert feed.version == "atom10"
    assert len(feed.entries) == len(EXPECTED) + 1
    titles = {e.title for e in feed.entries}
    assert "Iran -> Russia (arms): pledged -> delivered" in titles
    assert all(e.id and e.updated and e.link for e in feed.entries)

    korea = feedparser.parse(
        client.get("/feeds/changes.atom", params={"actor": "North Korea"}).content
    )
    assert [e.title for e in korea.entries] == [
        "North Korea is a new supporter of Russia: arms, delivered"
    ]
    assert "North Korea" in korea.feed.title


def test_bad_parameters_are_named(two_runs) -> None:
    db_path, _ = two_runs
    client = TestClient(create_app(db_path))
    bad = client.get("/api/changes", params={"since": "yesterday"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad-parameter"
    kind = client.get("/api/changes", params={"kind": "new"})
    assert kind.status_code == 400 and kind.json()["error"]["code"] == "bad-parameter"
    cli = CliRunner().invoke(app, ["changes", "--db", str(db_path), "--since", "soon"])
    assert cli.exit_code == 2 and "--since 'soon' is not a date" in cli.output
