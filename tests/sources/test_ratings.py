"""The ratings file: shipped entries valid and each with its basis, matching by name and by
URL host, the user's file merged over it, and a bad file named on one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from backers import sources
from backers.cli import app
from backers.sources import SourcesError, rate

SHIPPED = Path(sources.__file__).parent / "data" / "sources.yaml"


def test_every_shipped_entry_is_valid_and_names_its_basis() -> None:
    entries = yaml.safe_load(SHIPPED.read_text())["sources"]
    assert len(entries) >= 80
    owner: dict[str, str] = {}
    for e in entries:
        for n in {sources.name_key(x) for x in [e["name"], *e.get("aliases", [])]}:
            assert owner.setdefault(n, e["name"]) == e["name"], f"{n!r} names two outlets"
    for e in entries:
        assert e["basis"].startswith(("WP:RSP", "IFCN", "rule S", "a party", "an inter",
                                      "suspended", "Wikipedia")), e  # fmt: skip
    sources.check()


def test_outlets_are_matched_by_name_alias_and_host() -> None:
    assert rate("Reuters").reliability == 3
    assert rate("the  gateway PUNDIT").reliability == 0
    assert rate("CNN (Web News)").name == "CNN"
    assert rate(None, "https://edition.cnn.com/2022/x").name == "CNN"
    assert rate("Example Blog", "https://www.rt.com/news/1").state_affiliated
    assert rate("Example Blog", "https://blog.example/") is None
    assert rate(None, "javascript:alert(1)") is None


def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    monkeypatch.setenv("BACKERS_SOURCES", str(path))
    return path


def test_the_users_file_is_merged_over_the_shipped_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _env(monkeypatch, tmp_path, """
sources:
  - name: Reuters
    reliability: 1
    state_affiliated: false
    basis: our newsroom's own policy
  - name: Example Blog
    domains: [blog.example]
    reliability: 2
    state_affiliated: false
    basis: our newsroom's own policy
""")  # fmt: skip
    assert rate("Reuters").reliability == 1
    assert rate("reuters.com") is None  # the shipped entry is replaced whole, aliases too
    assert rate(None, "https://blog.example/x").reliability == 2
    assert rate("The Gateway Pundit").reliability == 0  # the rest stays


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: [{name: X, reliability: 2, state_affiliated: no, basis: b, colour: red}]",
         "entry 1 ('X'): unknown key 'colour'"),
        ("sources: [{name: X, reliability: 5, state_affiliated: false, basis: b}]",
         "entry 1 ('X'): reliability 5 must be 0, 1, 2, 3 or null"),
        ("sources: [{name: X, reliability: 2, state_affiliated: false}]",
         "entry 1 ('X'): missing 'basis'"),
        ("sources: [{name: X, reliability: 2, state_affiliated: maybe, basis: b}]",
         "state_affiliated must be true or false"),
        ("sources: [{name: X, reliability: 2, state_affiliated: false, basis: b,"
         " domains: [http://x.org/]}]", "domain 'http://x.org/' must be a host name"),
        ("outlets: []", "must be a mapping with one key, sources"),
        ("sources: [\n  - name: [", "line"),
    ],
)  # fmt: skip
def test_a_bad_users_file_is_named_with_its_entry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, message: str
) -> None:
    path = _env(monkeypatch, tmp_path, text)
    with pytest.raises(SourcesError) as caught:
        sources.check()
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_file_stops_a_command_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rated_store: Path
) -> None:
    path = _env(monkeypatch, tmp_path, "sources: [{name: X}]")
    result = CliRunner().invoke(app, ["claims", "--db", str(rated_store)])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {path}: entry 1 ('X'): missing 'reliability'"
    monkeypatch.setenv("BACKERS_SOURCES", str(tmp_path / "absent.yaml"))
    result = CliRunner().invoke(app, ["search", "rifles", "--db", str(rated_store)])
    assert result.exit_code == 1 and "absent.yaml: cannot read it" in result.output
