"""Clean baseline: a month of hospital revenue-cycle activity that reconciles.

The baseline is simulated with numpy/polars (vectorised, so the large scale is
fast).  It is designed so that the contract's rules detect nothing on it; the
stories in :mod:`hc_reconcile.generate.stories` add the faults.
"""

from __future__ import annotations

from hc_reconcile.generate.baseline.encounters import simulate_encounters
from hc_reconcile.generate.baseline.ledger import add_ledger_lines
from hc_reconcile.generate.baseline.population import simulate_population
from hc_reconcile.generate.baseline.remits import simulate_remits
from hc_reconcile.generate.world import World


def build_baseline(w: World) -> None:
    pop = simulate_population(w)
    enc = simulate_encounters(w, pop)
    rem = simulate_remits(w, pop, enc)
    add_ledger_lines(w, rem)
