"""Column helpers on Apache Arrow arrays (pyarrow.compute) and numpy.

The per-kind work of the engine (splitting elements, converting money,
checking rules, building the flat rows) runs on Arrow kernels: they are as
fast as Polars per row here and cost microseconds per call, where a Polars
eager call costs a query plan. Polars only receives the finished frames.

Value rules:

* money: ``[+-]?([0-9]+(\\.[0-9]{0,2})?|\\.[0-9]{1,2})`` over the whole
  element and at most 16 integer digits (DECIMAL(18,2)); else null;
* quantity: any plain decimal number (at most 16 integer digits), as
  DECIMAL(18,2), more decimals rounded half-to-even (null if that makes 17); else null;
  (both in one compiled loop, ``kernels.decimal_cents``);
* date: a real calendar date written CCYYMMDD; else null;
* count: all digits; else null.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from hc_reconcile.x12.model import ARROW_MONEY

DECIMAL = ARROW_MONEY  # DECIMAL(18,2) exactly, in 8 bytes (as DuckDB stores it)
STRING = pa.large_string()
# Kernel arguments made once: a Python literal costs a kernel call ~7 us of scalar inference,
# more than the kernel itself on the few-row columns every file has (envelopes, headers).
_FALSE = pa.scalar(False)
_EMPTY = pa.scalar("", STRING)
_NULLS: dict[pa.DataType, pa.Scalar] = {}


@functools.cache
def string_scalar(value: str) -> pa.Scalar:
    """``value`` as a ``STRING`` scalar (for comparisons with element columns)."""
    return pa.scalar(value, STRING)

# pyarrow ships no type hints: an Arrow Array or ChunkedArray.
Array: TypeAlias = Any
Column: TypeAlias = Any  # an Arrow array, or a numpy int64 array for context columns


def as_arrow(values: Column) -> Array:
    return pa.array(values) if isinstance(values, np.ndarray) else values


def _where(mask: Array, values: Array) -> Array:
    """``values`` where ``mask`` is true, else null (``values`` itself when it is true throughout:
    no copy, no kernel)."""
    if mask.null_count == 0 and not any(c.false_count for c in _chunks(mask)):
        return values
    null = _NULLS.get(values.type)
    if null is None:
        null = _NULLS[values.type] = pa.scalar(None, values.type)
    return pc.if_else(mask, values, null)


def _chunks(values: Array) -> list[pa.Array]:
    return values.chunks if isinstance(values, pa.ChunkedArray) else [values]


def no_null(mask: Array) -> Array:
    """A boolean column with null as False (the column itself when it has no null)."""
    return mask if mask.null_count == 0 else pc.coalesce(mask, _FALSE)


def present(values: Array) -> Array:
    """Element there and not empty (False for null)."""
    return no_null(pc.not_equal(values, _EMPTY))


def text(values: Array) -> Array:
    """Empty means null."""
    return _where(present(values), values)


def _cents(values: Array, *, round_extra: bool) -> Array:
    """DECIMAL(18,2) of each string, null when not a number (``kernels.decimal_cents``)."""
    from hc_reconcile.x12.kernels import decimal_cents  # numba: imported when first needed

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    size = len(values)
    if size == 0:
        return pa.array([], DECIMAL)
    if values.type != STRING:
        values = values.cast(STRING)
    offsets, _, data_buffer = _string_buffers(values)
    data = (
        np.frombuffer(data_buffer, dtype=np.uint8)
        if data_buffer is not None
        else np.zeros(0, dtype=np.uint8)
    )
    if values.null_count == 0:
        valid = np.ones(size, dtype=np.bool_)
    else:
        valid = np.array(pc.is_valid(values).to_numpy(zero_copy_only=False), dtype=np.bool_)
    cents = np.empty(size, dtype=np.int64)
    decimal_cents(offsets, data, valid, cents, round_extra)
    validity = None if bool(valid.all()) else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(DECIMAL, size, [validity, pa.py_buffer(cents)])


def money(values: Array) -> Array:
    """DECIMAL(18,2), null when not a money value."""
    return _cents(values, round_extra=False)


def quantity(values: Array) -> Array:
    """DECIMAL(18,2), null when not a plain number; more than two decimals rounded."""
    return _cents(values, round_extra=True)


def date8(values: Array) -> Array:
    """date32, null unless a real calendar date written CCYYMMDD (year 0000 is not one)."""
    eight = pc.fill_null(pc.match_substring_regex(values, r"^(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})[0-9]{4}$"), False)
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
    unequal = pc.not_equal(left, right)  # null where either is null
    if unequal.null_count == 0:
        return unequal
    return pc.coalesce(unequal, pc.xor(pc.is_valid(left), pc.is_valid(right)))


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


def _string_buffers(values: Array) -> tuple[npt.NDArray[np.int64], Any, Any]:
    """(offsets as numpy, validity buffer, data buffer) of a large_string array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    validity, offsets_buffer, data_buffer = values.buffers()
    size = len(values)
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[
        values.offset : values.offset + size + 1
    ]
    return offsets, validity, data_buffer


#: Spans (elements × segments) split_spans computes at once.
_SPAN_CELLS = 1 << 20


def split_spans(
    data_buffer: Any,
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    separators: npt.NDArray[Any],
    *,
    needed: tuple[int, ...],
) -> tuple[dict[str, Array], npt.NDArray[np.int64]]:
    """Elements ``needed`` (1-based: e01, ...) of the segments ``data[start:end]``.

    ``separators`` are the sorted byte offsets of the element separator (at
    least those inside the spans). Returns the columns (null = element
    absent, "" = element empty; each one Arrow take out of the buffer) and
    the number of separators of each segment. The spans of all the elements are
    computed together (one numpy pass per step for all of them, not per element: a file's
    fixed cost is mostly calls), then each column is one take.
    """
    size = starts.shape[0]
    first = np.searchsorted(separators, starts, side="left")
    count = (np.searchsorted(separators, ends, side="left") - first).astype(np.int64)
    if size == 0:
        return {f"e{k:02d}": pa.array([], STRING) for k in needed}, count
    most = int(count.max())
    absent = pa.nulls(size, STRING)
    columns: dict[str, Array] = {f"e{k:02d}": absent for k in needed if k > most}
    present_k = np.array([k for k in needed if k <= most], dtype=np.int64)
    if present_k.shape[0] == 0:
        return columns, count
    last_sep = separators.shape[0] - 1
    even = np.arange(0, 2 * size, 2, dtype=np.int64)
    every = pa.array(even)
    # Elements in blocks of at most ~_SPAN_CELLS spans (one long segment among a million
    # short ones must not make 19 million-long arrays at once).
    block = max(1, _SPAN_CELLS // size)
    for low in range(0, present_k.shape[0], block):
        numbers = present_k[low : low + block]
        k = numbers[:, None]  # one row per element, one column per segment
        exists = count >= k
        before = first + k - 1  # the separator that opens element k
        begin = np.where(exists, separators[np.minimum(before, last_sep)] + 1, starts)
        stop = np.where(count > k, separators[np.minimum(before + 1, last_sep)], ends)
        stop = np.where(exists, stop, begin)
        # Arrow needs contiguous values: interleave each element with the gap up to the
        # next segment's ([b0, e0, b1, e1, ...]) and take the even values.
        offsets = np.empty((numbers.shape[0], 2 * size + 1), dtype=np.int64)
        offsets[:, 0:-1:2] = begin
        offsets[:, 1::2] = stop
        offsets[:, -1] = stop[:, -1]
        complete = np.all(exists, axis=1)
        for row, number in enumerate(numbers.tolist()):
            interleaved = pa.LargeStringArray.from_buffers(
                2 * size, pa.py_buffer(offsets[row]), data_buffer
            )
            index = every if bool(complete[row]) else pa.array(even, mask=~exists[row])
            columns[f"e{number:02d}"] = pc.take(interleaved, index)
    return columns, count


def split_texts(
    texts: Array, separator: str, *, needed: tuple[int, ...]
) -> tuple[dict[str, Array], npt.NDArray[np.int64]]:
    """``split_spans`` over an array of segment texts (its separators found with numpy)."""
    offsets, _, data_buffer = _string_buffers(texts)
    if len(texts) == 0 or data_buffer is None:
        empty = {f"e{k:02d}": pa.nulls(len(texts), STRING) for k in needed}
        return empty, np.zeros(len(texts), dtype=np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    lo = int(offsets[0])
    separators = np.flatnonzero(data[lo : int(offsets[-1])] == ord(separator)) + lo
    return split_spans(data_buffer, offsets[:-1], offsets[1:], separators, needed=needed)


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

    def to_arrow(self, schema: pa.Schema) -> pa.Table:
        """An Arrow table with ``schema`` (the frame's columns of those names, cast if need be)."""
        arrays = []
        for name, dtype in zip(schema.names, schema.types, strict=True):
            values = self.arrow(name)
            if isinstance(values, pa.ChunkedArray):
                values = values.combine_chunks()
            arrays.append(values if values.type == dtype else values.cast(dtype))
        return pa.Table.from_arrays(arrays, schema=schema)
