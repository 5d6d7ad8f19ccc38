"""The bundled examples (written for the project) read cleanly, with their noise labelled."""

from __future__ import annotations

import datetime as dt

from backers.ingest import read_inputs
from backers.records import BODY, BYLINE, CAPTION, COMMENTS, NOISE, Failure


def test_examples_read_cleanly(examples_dir):
    items = list(read_inputs([str(examples_dir)], as_of=dt.date(2023, 6, 1)))
    assert not [x for x in items if isinstance(x, Failure)]
    by_id = {a.doc_id: a for a in items}
    assert len(by_id) == len(items) >= 5
    briefing = by_id["iran-drones-crimea-briefing"]
    assert {s.kind for s in briefing.sections} >= {BODY, BYLINE, CAPTION, COMMENTS, NOISE}
    assert briefing.published_precision == "relative"
    reprint, original = by_id["ex-iran-denial-reprint"], by_id["ex-iran-denial"]
    assert reprint.url != original.url and reprint.outlet != original.outlet
