"""Amounts, like the Kiel tracker: money and counts read from claims' quantities
(:mod:`.parse`), stored beside the claims (:mod:`.fill`), and read through
:mod:`backers.query.amounts`."""

from backers.amounts.parse import UNITS, VERSION, Amount, normalise

__all__ = ["UNITS", "VERSION", "Amount", "normalise"]
