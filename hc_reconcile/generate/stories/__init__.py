"""Fault stories: isolated entities and files injected on top of the clean baseline.

Every story records what it expects (faults.csv); the oracle decides the truth.
"""

from __future__ import annotations

from hc_reconcile.generate.stories import csv_inputs, ledger_stories, remit_inputs, remit_stories
from hc_reconcile.generate.stories.kit import Kit
from hc_reconcile.generate.world import World


def inject_all(w: World) -> None:
    k = Kit(w)
    remit_stories.inject(k)
    ledger_stories.inject(k)
    csv_inputs.inject(k)
    remit_inputs.inject(k)
