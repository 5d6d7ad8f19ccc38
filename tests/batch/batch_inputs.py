"""Small articles written for these tests (not taken from any real outlet)."""

from __future__ import annotations

import json
from pathlib import Path

RECORDS = [
    {
        "id": "bt-drones",
        "title": "Iran sends drones to Russia",
        "outlet": "Testwire",
        "url": "https://example.org/bt-drones",
        "published": "2023-01-10",
        "text": "Iran sends drones to Russia\n\n"
        "Iran has delivered dozens of attack drones to Russia, the White House said on "
        "Tuesday.\n\nA spokesman for the National Security Council said Russian units "
        "launched the drones at power stations in Ukraine.\n",
    },
    {
        "id": "bt-air-defence",
        "title": "Germany pledges air defence",
        "outlet": "Testwire",
        "url": "https://example.org/bt-air-defence",
        "published": "2023-02-03",
        "text": "Germany pledged two air defence systems to Ukraine on Monday, the defence "
        "ministry in Berlin said.\n\nThe ministry said the systems would arrive within "
        "weeks.\n",
    },
    {
        "id": "bt-shells",
        "title": "Shells from Pyongyang",
        "outlet": "Example Daily",
        "url": None,
        "published": "2023-03",
        "text": "North Korea shipped artillery shells to Russia last year, according to US "
        "officials.\n\nPyongyang denied sending any weapons to Moscow.\n",
    },
]
TRAINING = (
    "Britain trains Ukrainian tank crews\n\n"
    "Britain is training Ukrainian soldiers to operate Challenger 2 tanks, the Ministry of "
    "Defence in London said on Friday.\n\nThe first crews will finish the course in March.\n"
)


def write_inputs(folder: Path) -> list[str]:
    """A JSONL file (with a repeated record, a bad line and a changed text under a known
    id) and a text file; returns the paths to ingest."""
    changed = dict(RECORDS[1], text=RECORDS[1]["text"] + "\nA second battery may follow.\n")
    lines = [json.dumps(r) for r in RECORDS]
    lines += [json.dumps(RECORDS[0]), "{not json", json.dumps(changed)]
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "training.txt").write_text(TRAINING, encoding="utf-8")
    return [str(feed), str(folder / "training.txt")]


# Written for these tests: a French article, stored and tagged but not read for claims.
FRENCH = (
    "Le port rouvre ses quais\n\n"
    "Les autorités portuaires ont annoncé mardi la réouverture de trois quais après des "
    "travaux de dragage qui ont duré tout l'hiver. Les armateurs attendent une reprise "
    "rapide du trafic de conteneurs, selon la chambre de commerce de la ville.\n"
)


def write_french(folder: Path) -> str:
    """The French article as a text file; returns its path."""
    path = folder / "port-fr.txt"
    path.write_text(FRENCH, encoding="utf-8")
    return str(path)
