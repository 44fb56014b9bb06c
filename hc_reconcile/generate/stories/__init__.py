"""Fault stories: isolated entities and files injected on top of the clean baseline."""

from __future__ import annotations

from hc_reconcile.generate.world import World


def inject_all(w: World) -> None:
    """Inject every fault story (none yet)."""
