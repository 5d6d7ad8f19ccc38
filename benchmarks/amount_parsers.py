"""Which parser reads the amounts: how many of the quantities that occur in the gold files
(``quantity`` of train, dev and seeds) and in a store's claims each candidate reads right,
and how fast. Run: ``python benchmarks/amount_parsers.py --db build/corpus.duckdb``.

Right means the first figure's value and currency (ISO code; none for a count) match the
hand label. Labels are keyed by a hash of the quantity, so no article text is copied here;
a vague amount ("dozens") is labelled with the lower end of its range, an amount with no
figure ("a lot of") with no value. Candidates: price-parser and quantulum3 alone, and
backers' normaliser (quantulum3 with the abbreviations, ISO codes, qualifiers, vague words
and sentence context it does not handle). A candidate that is not installed is skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
import warnings
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "euro": "EUR", "euros": "EUR"}


def key(quantity: str) -> str:
    return hashlib.sha256(quantity.encode()).hexdigest()[:12]


def quantities(shared: Path, db: Path | None) -> dict[str, str | None]:
    """quantity -> a sentence it was read from (None for the gold's)."""
    found: dict[str, str | None] = {}
    for name in ("train", "dev", "seeds"):
        for line in (shared / "eval" / f"{name}.gold.jsonl").open(encoding="utf-8"):
            for support in json.loads(line).get("supports", []):
                if support.get("quantity"):
                    found.setdefault(support["quantity"], None)
    if db is not None:
        import duckdb

        con = duckdb.connect(str(db), read_only=True)
        rows = con.execute("SELECT quantity, sentence FROM claims WHERE quantity IS NOT NULL")
        for quantity, sentence in rows.fetchall():
            if found.get(quantity) is None:
                found[quantity] = sentence
    return found


def price_parser() -> Callable[[str, str | None], tuple] | None:
    try:
        from price_parser import Price
    except ImportError:
        return None

    def read(text: str, sentence: str | None) -> tuple:
        p = Price.fromstring(text)
        cur = p.currency
        return (float(p.amount) if p.amount is not None else None, SYMBOLS.get(cur or "", cur))

    return read


def quantulum() -> Callable[[str, str | None], tuple] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None

    def read(text: str, sentence: str | None) -> tuple:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = parser.parse(text)
        if not found:
            return (None, None)
        q = found[0]
        return (float(q.value), getattr(q.unit, "currency_code", None))

    return read


def backers() -> Callable[[str, str | None], tuple]:
    from backers.amounts import normalise

    def read(text: str, sentence: str | None) -> tuple:
        found = normalise(text, sentence=sentence)
        return (found[0].value, found[0].currency) if found else (None, None)

    return read


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--db", type=Path, default=None, help="a store whose claims to read too")
    args = ap.parse_args()
    labels = json.loads((HERE / "amount_labels.json").read_text())
    found = quantities(args.shared, args.db)
    labelled = {q: s for q, s in found.items() if key(q) in labels}
    print(f"{len(found)} distinct quantities, {len(labelled)} labelled")
    for name, make in (("price-parser", price_parser), ("quantulum3", quantulum),
                       ("backers (quantulum3 + own code)", backers)):  # fmt: skip
        read = make()
        if read is None:
            print(f"{name}: not installed, skipped")
            continue
        read("$1 billion", None)  # loading is not what is timed
        right, start = 0, time.perf_counter()
        for quantity, sentence in labelled.items():
            value, currency = read(quantity, sentence)
            want_value, want_currency = labels[key(quantity)]
            same = (value is None and want_value is None) or (
                value is not None and want_value is not None
                and abs(value - want_value) <= 1e-6 * max(1.0, abs(want_value))
            )  # fmt: skip
            right += bool(same and currency == want_currency)
        ms = 1000 * (time.perf_counter() - start) / max(1, len(labelled))
        print(f"{name}: {right}/{len(labelled)} right, {ms:.2f} ms a quantity")


if __name__ == "__main__":
    main()
