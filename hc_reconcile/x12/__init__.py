"""X12 835 engine: pure Python/Polars parsing of 835 remittance files.

Layers: ``tokenizer`` (bytes -> segment tables) -> ``envelope`` (ISA/GS/ST
nesting and control numbers) -> ``rules`` (transaction rejections) and
``loops`` (flat rows). ``parse_835`` ties them together.
"""

from hc_reconcile.x12.model import Parsed835
from hc_reconcile.x12.parser import parse_835

__all__ = ["Parsed835", "parse_835"]
