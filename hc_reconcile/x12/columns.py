"""Column helpers on Apache Arrow arrays (pyarrow.compute) and numpy.

The per-kind work of the engine (splitting elements, converting money,
checking rules, building the flat rows) runs on Arrow kernels: they are as
fast as Polars per row here and cost microseconds per call, where a Polars
eager call costs a query plan. Polars only receives the finished frames.

Value rules:

* money: ``[+-]?([0-9]+(\\.[0-9]{0,2})?|\\.[0-9]{1,2})`` over the whole
  element and at most 16 integer digits (DECIMAL(18,2)); else null;
* quantity: any plain decimal number (at most 16 integer digits), as
  DECIMAL(18,2), more decimals rounded half-to-even; else null;
* date: a real calendar date written CCYYMMDD; else null;
* count: all digits; else null.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

MONEY_PATTERN = r"^[+-]?([0-9]+(\.[0-9]{0,2})?|\.[0-9]{1,2})$"  # the contract's pattern
# The same, limited to 16 significant integer digits (what DECIMAL(18,2) holds):
_MONEY_FITS = r"^[+-]?(0*[0-9]{1,16}(\.[0-9]{0,2})?|\.[0-9]{1,2})$"
_NUMBER_FITS = r"^[+-]?(0*[0-9]{1,16}(\.[0-9]*)?|\.[0-9]+)$"
DECIMAL = pa.decimal128(18, 2)
STRING = pa.large_string()
_NULL_STRING = pa.scalar(None, STRING)

# pyarrow ships no type hints: an Arrow Array or ChunkedArray.
Array: TypeAlias = Any
Column: TypeAlias = Any  # an Arrow array, or a numpy int64 array for context columns


def as_arrow(values: Column) -> Array:
    return pa.array(values) if isinstance(values, np.ndarray) else values


def _where(mask: Array, values: Array) -> Array:
    return pc.if_else(mask, values, pa.scalar(None, values.type))


def present(values: Array) -> Array:
    """Element there and not empty (False for null)."""
    return pc.fill_null(pc.not_equal(values, ""), False)


def text(values: Array) -> Array:
    """Empty means null."""
    return _where(present(values), values)


def money(values: Array) -> Array:
    """DECIMAL(18,2), null when not a money value."""
    ok = pc.fill_null(pc.match_substring_regex(values, _MONEY_FITS), False)
    return pc.cast(_where(ok, values), DECIMAL)


def quantity(values: Array) -> Array:
    """DECIMAL(18,2), null when not a plain number; more than two decimals rounded."""
    exact = pc.fill_null(pc.match_substring_regex(values, _MONEY_FITS), False)
    result = pc.cast(_where(exact, values), DECIMAL)
    others = pc.and_(present(values), pc.invert(exact))
    if pc.any(others).as_py():
        number = pc.and_(
            others, pc.fill_null(pc.match_substring_regex(values, _NUMBER_FITS), False)
        )
        rounded = pc.round(
            pc.cast(_where(number, values), pa.decimal128(38, 20)), 2, round_mode="half_to_even"
        )
        result = pc.coalesce(result, pc.cast(rounded, DECIMAL))
    return result


def date8(values: Array) -> Array:
    """date32, null unless a real calendar date written CCYYMMDD."""
    eight = pc.fill_null(pc.match_substring_regex(values, r"^[0-9]{8}$"), False)
    candidates = _where(eight, values)
    parsed = pc.strptime(candidates, format="%Y%m%d", unit="s", error_is_null=True)
    real = pc.fill_null(pc.equal(pc.strftime(parsed, format="%Y%m%d"), candidates), False)
    return pc.cast(_where(real, parsed), pa.date32())


def count(values: Array) -> Array:
    """int64, null unless all digits (and at most 18 of them)."""
    digits = pc.fill_null(pc.match_substring_regex(values, r"^[0-9]{1,18}$"), False)
    return pc.cast(_where(digits, values), pa.int64())


def differs(left: Array, right: Array) -> Array:
    """Null-aware inequality: null equals only null."""
    both = pc.and_(pc.is_valid(left), pc.is_valid(right))
    unequal = pc.fill_null(pc.not_equal(left, right), False)
    return pc.or_(pc.and_(both, unequal), pc.xor(pc.is_valid(left), pc.is_valid(right)))


def component(values: Array, separator: Array | str, index: int) -> Array:
    """Component ``index`` (0-based) of a composite element, null when absent or empty."""
    if isinstance(separator, str):
        # (a null list would vanish from the flattened fixed-size list: split "" instead)
        parts = pc.split_pattern(pc.fill_null(values, ""), pattern=separator, max_splits=index + 1)
        picked = pc.list_slice(parts, index, index + 1, return_fixed_size_list=True).flatten()
        return text(picked)
    # One separator per row (interchanges of a table declared different ones).
    result = pa.nulls(len(values), STRING)
    for sep in pc.unique(separator).to_pylist():
        rows = pc.equal(separator, sep)
        result = pc.if_else(rows, component(values, sep, index), result)
    return result


def split_elements(
    texts: Array, separator: str, *, needed: tuple[int, ...], common: int
) -> dict[str, Array]:
    """The elements ``needed`` (1-based: e01, e02, ...) of segment texts.

    Null = element absent, "" = element empty. The first ``common`` elements
    are split for every segment; elements after them only for the segments
    that have more.
    """
    size = len(texts)
    if size == 0:
        return {f"e{k:02d}": pa.array([], STRING) for k in needed}
    last = max(needed)
    head = min(last, common)
    # parts: the id, e01..e{head}, and the unsplit remainder (if any)
    parts = pc.split_pattern(pc.fill_null(texts, ""), pattern=separator, max_splits=head + 1)
    width = head + 1
    flat = pc.list_slice(parts, 1, head + 2, return_fixed_size_list=True).flatten()

    def slot(k: int) -> Array:
        return pc.take(flat, pa.array(np.arange(k, size * width, width)))

    columns = {f"e{k:02d}": slot(k - 1) for k in needed if k <= head}
    later = tuple(k - head for k in needed if k > head)
    if not later:
        return columns
    rest = slot(head)
    rows = np.flatnonzero(np.asarray(pc.is_valid(rest).to_numpy(zero_copy_only=False)))
    more: dict[str, Array] = {}
    if rows.shape[0]:
        # Split the remainder as if it were a segment of its own (with a dummy id).
        prefixed = pc.binary_join_element_wise(
            pa.scalar("_", STRING), pc.take(rest, pa.array(rows)), pa.scalar(separator, STRING)
        )
        more = split_elements(prefixed, separator, needed=later, common=max(later))
    where = np.full(size, -1, dtype=np.int64)
    where[rows] = np.arange(rows.shape[0])
    index = pa.array(where, mask=where < 0)
    for k in later:
        values = more.get(f"e{k:02d}")
        columns[f"e{k + head:02d}"] = (
            pc.take(values, index) if values is not None else pa.nulls(size, STRING)
        )
    return columns


class Frame:
    """Named columns of one length: numpy int64 context arrays and Arrow element arrays."""

    __slots__ = ("_columns", "_length")

    def __init__(self, columns: Mapping[str, Column], length: int | None = None) -> None:
        self._columns = dict(columns)
        if length is None:
            length = len(next(iter(self._columns.values()))) if self._columns else 0
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, name: str) -> Column:
        return self._columns[name]

    def __contains__(self, name: str) -> bool:
        return name in self._columns

    def arrow(self, name: str) -> Array:
        return as_arrow(self._columns[name])

    def numpy(self, name: str) -> npt.NDArray[Any]:
        values = self._columns[name]
        if isinstance(values, np.ndarray):
            return values
        return values.to_numpy(zero_copy_only=False)

    def with_columns(self, **columns: Column) -> Frame:
        return Frame({**self._columns, **columns}, self._length)

    def take(self, indices: npt.NDArray[np.int64]) -> Frame:
        index = pa.array(indices)
        return Frame(
            {
                name: values[indices] if isinstance(values, np.ndarray) else pc.take(values, index)
                for name, values in self._columns.items()
            },
            int(indices.shape[0]),
        )

    def filter(self, mask: npt.NDArray[np.bool_]) -> Frame:
        if bool(mask.all()):
            return self
        return self.take(np.flatnonzero(mask))

    def rows(self, indices: npt.NDArray[np.int64]) -> list[dict[str, Any]]:
        """The given rows as dicts (for messages: few rows)."""
        picked = self.take(indices)
        names = list(picked._columns)
        lists = [picked.arrow(name).to_pylist() for name in names]
        return [dict(zip(names, values, strict=True)) for values in zip(*lists, strict=True)]

    def to_polars(
        self, schema: pl.Schema, columns: Mapping[str, str] | None = None
    ) -> pl.DataFrame:
        """A Polars frame with ``schema``; ``columns`` maps output names to frame columns."""
        names = columns or {name: name for name in schema.names()}
        frame = pl.DataFrame({out: self.arrow(src) for out, src in names.items()})
        return frame if frame.schema == schema else frame.cast(schema)  # type: ignore[arg-type]
