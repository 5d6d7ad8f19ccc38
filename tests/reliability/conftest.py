"""Hooks and fixtures of the reliability tests: the ``fuzz`` marker and a tally of the
inputs tried, printed at the end of the run. Helpers are in ``reliability.helpers``.

Fast versions of every test run in the default suite; tests marked ``fuzz`` run only when
``-m`` names them (``make fuzz``) and each stops on its own after ``BACKERS_FUZZ_SECONDS``.
"""

from __future__ import annotations

import pytest

from .helpers import TALLY


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: long property-based run; each stops after BACKERS_FUZZ_SECONDS"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``fuzz`` tests run only when the ``-m`` expression asks for them."""
    expr = config.getoption("markexpr") or ""
    if "fuzz" in expr and "not fuzz" not in expr:
        return
    skip = pytest.mark.skip(reason="long fuzz run: make fuzz (pytest -m fuzz tests/reliability)")
    for item in items:
        if item.get_closest_marker("fuzz") and item.path.parent.name == "reliability":
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    if TALLY:
        terminalreporter.section("reliability: inputs tried")
        for name, count in sorted(TALLY.items()):
            terminalreporter.write_line(f"{count:>9}  {name}")
