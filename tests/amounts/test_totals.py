"""The totals: per currency and never converted, each figure once, denials left out,
every figure traceable to its claims; the CLI over them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backers.cli import app
from backers.query import amounts as query
from backers.query.filters import Filters
from backers.store import Store

from .data import DENIAL, PLEDGE, PLEDGE_AGAIN

runner = CliRunner()


def totals(db: Path, **kw: object) -> dict:
    flt = kw.pop("flt", Filters())
    with Store(db).read() as con:
        return query.totals(con, flt, **kw)


def cell(data: dict, supporter: str, period: str | None, currency: str, status: str) -> dict:
    for row in data["rows"]:
        if (row["supporter"], row["period"], row["currency"]) == (supporter, period, currency):
            return row["statuses"][status]
    raise AssertionError(f"no row {supporter} {period} {currency}")


def test_per_currency_each_figure_once(amounts_db: Path) -> None:
    data = totals(amounts_db, flt=Filters(supporter="Germany"))
    pledged = cell(data, "Germany", "2023", "EUR", "pledged")
    # reported by two outlets: one figure, two claims
    assert (pledged["total"], pledged["figures"], len(pledged["claims"])) == (5e8, 1, 2)
    assert cell(data, "Germany", "2023", "EUR", "delivered")["total"] == 3e8
    # dollars stay dollars, in their own row
    assert cell(data, "Germany", "2024", "USD", "pledged")["total"] == 1.7e9
    assert {r["currency"] for r in data["rows"]} == {"EUR", "USD"}


def test_a_restatement_is_never_added_and_a_lower_bound_is_marked(amounts_db: Path) -> None:
    data = totals(amounts_db, by="supporter")
    assert [r["currency"] for r in data["rows"] if r["supporter"] == "European Union"] == ["EUR"]
    us = cell(data, "United States", None, "USD", "pledged")
    assert us["approximate"] and us["total"] == 1e9


def test_a_figure_one_sentence_gives_to_several_supporters_is_marked_joint(
    amounts_db: Path,
) -> None:
    data = totals(amounts_db)
    for supporter in ("Sweden", "Norway"):
        delivered = cell(data, supporter, "2023", "USD", "delivered")
        assert delivered["joint"] and delivered["total"] == 2e9
        assert query.format_total(delivered, "money", "USD") == "USD 2 billion †"
    assert not cell(data, "Germany", "2023", "EUR", "pledged")["joint"]


def test_denials_add_nothing_unless_asked_for(amounts_db: Path) -> None:
    assert not [r for r in totals(amounts_db, unit=None)["rows"] if r["supporter"] == "Iran"]
    denied = totals(amounts_db, unit=None, flt=Filters(certainty=["denied"]))
    assert [r["supporter"] for r in denied["rows"]] == ["Iran"]


def test_figures_lead_to_their_sentences(amounts_db: Path) -> None:
    ids = cell(totals(amounts_db), "Germany", "2023", "EUR", "pledged")["claims"]
    with Store(amounts_db).read() as con:
        said = query.figures(con, ids)
    assert {c["sentence"] for c in said} == {PLEDGE, PLEDGE_AGAIN}
    assert all(c["amounts"][0]["currency"] == "EUR" for c in said)


def test_cli_table_with_sentences(amounts_db: Path) -> None:
    result = runner.invoke(
        app, ["amounts", "--supporter", "germany", "--sentences", "--db", str(amounts_db)]
    )
    assert result.exit_code == 0, result.output
    assert "EUR 500 million" in result.output and "USD 1.7 billion" in result.output
    assert PLEDGE[:40] in result.output
    assert "never converted" in result.output


def test_cli_csv_and_jsonl_carry_claim_ids(amounts_db: Path) -> None:
    out = runner.invoke(app, ["amounts", "--format", "csv", "--db", str(amounts_db)]).output
    table = list(csv.DictReader(io.StringIO(out)))
    germany = [r for r in table if r["supporter"] == "Germany" and r["currency"] == "EUR"][0]
    assert germany["pledged_total"] == "500000000.0" and len(germany["pledged_claims"].split()) == 2
    lines = runner.invoke(
        app, ["amounts", "--format", "jsonl", "--unit", "all", "--db", str(amounts_db)]
    ).output
    units = {json.loads(line)["unit"] for line in lines.splitlines()}
    assert units == {"money", "items"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "decade"], "--by 'decade' is not one of year, month, supporter"),
        (["--format", "xml"], "--format 'xml'"),
        (["--unit", "tanks"], "--unit 'tanks'"),
        (["--currency", "euros"], "ISO currency code"),
        (["--status", "promised"], "--status 'promised'"),
    ],
)
def test_cli_typos_exit_2_with_one_line(amounts_db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["amounts", *args, "--db", str(amounts_db)])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_unknown_actor_and_currency(amounts_db: Path) -> None:
    result = runner.invoke(app, ["amounts", "--supporter", "Narnia", "--db", str(amounts_db)])
    assert result.exit_code == 1 and "unknown actor 'Narnia'" in result.output
    result = runner.invoke(app, ["amounts", "--currency", "JPY", "--db", str(amounts_db)])
    assert result.exit_code == 1 and "stored amounts are in EUR, USD" in result.output


def test_help_says_currencies_are_never_added() -> None:
    result = runner.invoke(app, ["amounts", "--help"])
    assert "never added" in " ".join(result.output.split())
    assert DENIAL not in result.output
