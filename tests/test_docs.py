"""Documentation keeps up with the code: every setting and command is in the README, and
every command's --help teaches with an example (as datasette's test_docs.py does)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from backers import settings
from backers.cli import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("setting", settings.ALL, ids=lambda s: s.env)
def test_every_setting_is_in_the_readme(setting: settings.Setting) -> None:
    assert setting.env in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"backers {re.escape(name)}\b", README), f"README lacks `backers {name}`"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_has_an_example(name: str) -> None:
    command = typer.main.get_command(app).commands[name]
    assert command.help and "backers " in command.help, f"`backers {name} --help` has no example"
