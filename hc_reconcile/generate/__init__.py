"""Synthetic landing data with injected faults and contract-derived ground truth.

>>> from hc_reconcile.generate import generate
>>> generate(Path("demo"), days=30, seed=1, scale="small")  # doctest: +SKIP
"""

from hc_reconcile.generate.api import Manifest, generate
from hc_reconcile.generate.params import Scale

__all__ = ["Manifest", "Scale", "generate"]
