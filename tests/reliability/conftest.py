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
    """``fuzz`` tests run only when the ``-m`` expression asks for them; otherwise they are
    deselected (``make fuzz`` runs them)."""
    expr = config.getoption("markexpr") or ""
    if "fuzz" in expr and "not fuzz" not in expr:
        return
    keep, drop = [], []
    for item in items:
        long_run = item.get_closest_marker("fuzz") and item.path.parent.name == "reliability"
        (drop if long_run else keep).append(item)
    if drop:
        items[:] = keep
        config.hook.pytest_deselected(items=drop)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    if TALLY:
        terminalreporter.section("reliability: inputs tried")
        for name, count in sorted(TALLY.items()):
            terminalreporter.write_line(f"{count:>9}  {name}")
