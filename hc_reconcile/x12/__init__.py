"""X12 835 engine: pure Python (numpy, Arrow) parsing of 835 remittance files.

Layers: ``tokenizer`` (bytes -> segment tables) -> ``envelope`` (ISA/GS/ST
nesting and control numbers) -> ``fields`` (elements per kind of segment)
-> ``rules`` (transaction rejections) and ``loops`` (flat rows).
``parse_835`` ties them together; see docs/x12.md. Re-sends are decided by the
loader (``hc_reconcile.ingest.remit_load``) and balancing by the REMIT_UNBALANCED
rules (``hc_reconcile/reconcile/rules``), each in one place.
"""

from hc_reconcile.x12.model import ARROW_SCHEMAS, SCHEMAS, AdjustmentLevel, Parsed835
from hc_reconcile.x12.parser import parse_835

__all__ = [
    "ARROW_SCHEMAS",
    "SCHEMAS",
    "AdjustmentLevel",
    "Parsed835",
    "parse_835",
]
