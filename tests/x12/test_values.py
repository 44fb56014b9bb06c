"""Money and quantity values against the rules written from the contract, in plain Python.

CONTRACT §1: a money element matches ``[+-]?([0-9]+(\\.[0-9]{0,2})?|\\.[0-9]{1,2})`` and
fits DECIMAL(18,2) (at most 16 significant integer digits), else it is not a number
(null); an unvalidated number (quantities) is any plain decimal, rounded half-to-even to
two decimals. The reference below is the regular expression and Python's ``decimal``;
the engine's compiled loop (``x12.kernels``) must agree on every string.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hc_reconcile.x12.columns import money, quantity

MONEY = re.compile(r"[+-]?([0-9]+(\.[0-9]{0,2})?|\.[0-9]{1,2})")
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
LIMIT = Decimal("1E+16")  # the least value DECIMAL(18,2) cannot hold


def reference(text: str | None, *, pattern: re.Pattern[str]) -> Decimal | None:
    if text is None or not pattern.fullmatch(text):
        return None
    with localcontext(prec=200):  # long strings of digits are still exact
        value = Decimal(text).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        return value if abs(value) < LIMIT else None


def check(texts: list[str | None]) -> None:
    column = pa.array(texts, pa.large_string())
    assert money(column).to_pylist() == [reference(t, pattern=MONEY) for t in texts], texts
    assert quantity(column).to_pylist() == [reference(t, pattern=NUMBER) for t in texts], texts


EDGES = [
    "", "0", "-0", "+0", "5", "5.", ".5", ".55", ".555", "5.1", "5.12", "5.125", "5.135",
    "5.1251", "-5.125", "+", "-", ".", "+.", "-.5", "1.2.3", "1-2", " 5", "5 ", "1e5", "0x10",
    "0000000000000000001.00", "1234567890123456.99", "12345678901234567", "9999999999999999.994",
    "9999999999999999.995", "-9999999999999999.995", "00000000000000000000000.001",
    "0.005", "0.015", "0.0050000000001", "١٢",
]


def test_edge_values() -> None:
    check([*EDGES, None])


def test_a_chunked_or_sliced_column() -> None:
    column = pa.chunked_array([pa.array(["1.5", None], pa.large_string()), pa.array(["x", "2.25"], pa.large_string())])
    assert money(column).to_pylist() == [Decimal("1.50"), None, None, Decimal("2.25")]
    sliced = pa.array(["9", "1.125", "3"], pa.large_string()).slice(1)
    assert quantity(sliced).to_pylist() == [Decimal("1.12"), Decimal("3.00")]


_NUMERIC = st.text(alphabet="0123456789", min_size=0, max_size=20)
_NUMBERS = st.builds(
    lambda sign, whole, point, frac: sign + whole + point + frac,
    st.sampled_from(["", "", "+", "-"]),
    _NUMERIC,
    st.sampled_from(["", ".", "."]),
    _NUMERIC,
)
_ANYTHING = st.text(alphabet="0123456789.+- e", min_size=0, max_size=24)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(_NUMBERS, _ANYTHING, st.none()), min_size=1, max_size=20))
def test_any_strings_match_the_contract_rules(texts: list[str | None]) -> None:
    check(texts)


def test_without_a_writable_cache_the_loops_are_compiled_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import numba

    from hc_reconcile.x12 import kernels

    real = numba.njit

    def njit(**options: object) -> object:
        if options.get("cache"):
            raise RuntimeError("cannot cache function 'f': no locator available for file 'f.py'")
        return real(**options)

    monkeypatch.setattr(kernels.numba, "njit", njit)

    def double(x: int) -> int:
        return 2 * x

    assert kernels.compiled(double)(21) == 42
