"""X12 835 engine: pure Python (numpy, Arrow, Polars) parsing of 835 remittance files.

Layers: ``tokenizer`` (bytes -> segment tables) -> ``envelope`` (ISA/GS/ST
nesting and control numbers) -> ``fields`` (elements per kind of segment)
-> ``rules`` (transaction rejections) and ``loops`` (flat rows).
``parse_835`` ties them together; see docs/x12.md.
"""

from hc_reconcile.x12.balance import (
    CLAIM_BALANCE_SCHEMA,
    TRANSACTION_BALANCE_SCHEMA,
    balance_checks,
)
from hc_reconcile.x12.model import SCHEMAS, AdjustmentLevel, Parsed835
from hc_reconcile.x12.parser import parse_835
from hc_reconcile.x12.resend import RESEND_KEYS_SCHEMA, drop_resent, mark_resent, resend_keys

__all__ = [
    "CLAIM_BALANCE_SCHEMA",
    "RESEND_KEYS_SCHEMA",
    "SCHEMAS",
    "TRANSACTION_BALANCE_SCHEMA",
    "AdjustmentLevel",
    "Parsed835",
    "balance_checks",
    "drop_resent",
    "mark_resent",
    "parse_835",
    "resend_keys",
]
