"""Read one landing CSV into a text frame with physical line numbers (CONTRACT §1 CSV rules).

UTF-8 (leading BOM ignored), comma, header row, RFC 4180 quoting, LF or CRLF. Header names
are trimmed, values are not. Empty fields (quoted or not) and missing trailing fields are
null; fields beyond the header are ignored; all-empty rows are skipped. ``file_line`` is the
physical line on which a record starts (header = 1), so an analyst can open the file there.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
import polars as pl

from hc_reconcile.ingest.specs import SPECS
from hc_reconcile.landing import CsvSource

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class CsvRead:
    """A readable file: ``frame`` has ``file_line``, the contract's columns, then the extra
    columns as ``__extra_<i>`` (all text); ``extra_columns`` holds their real names."""

    frame: pl.DataFrame
    extra_columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CsvUnreadable:
    """The file is quarantined: nothing in it loads."""

    reason: str


def _utf8_problem(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}"
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"not a text CSV: NUL byte at offset {nul}"
    return None


def _header(data: bytes) -> list[str] | None:
    """The header's names, trimmed, read with the csv module (quoted names allowed)."""
    text = data[: 1 << 16].decode("utf-8", errors="ignore")
    try:
        first = next(csv.reader(io.StringIO(text, newline="")), None)
    except csv.Error:
        return None
    return None if first is None else [name.strip() for name in first]


def _record_lines(newlines: np.ndarray, quotes: np.ndarray, *, size: int, rows: int) -> np.ndarray | None:
    """Physical start line of every data record, from the bytes (RFC 4180 quote parity).

    A line break ends a record only outside quotes (doubled quotes keep the parity). Returns
    None when the count does not match the parser's rows, in which case the caller falls
    back to counting line breaks inside the values.
    """
    if newlines.size == 0:
        return None if rows else np.empty(0, dtype=np.int64)
    outside = (np.searchsorted(quotes, newlines) & 1) == 0  # quotes before each line break
    ends = np.flatnonzero(outside)  # indices j: a record ends at line break j
    starts_line = (ends + 2)[newlines[ends] + 1 < size]  # the next record starts on line j + 2
    return starts_line.astype(np.int64) if starts_line.size == rows else None


def _quoting_problem(arr: np.ndarray, quotes: np.ndarray, newlines: np.ndarray) -> str | None:
    """RFC 4180: a quote opens a field only at its start and closes it only before a comma,
    a line break or the end (a doubled quote inside a quoted field is one literal quote)."""
    if quotes.size == 0:
        return None
    if quotes.size % 2:
        return "not a valid CSV: a quoted field is never closed"
    opening = (np.arange(quotes.size) & 1) == 0  # the 1st, 3rd, … quote opens (or is escaped)
    prev = np.where(quotes > 0, arr[np.maximum(quotes - 1, 0)], 10)
    nxt = np.where(quotes < arr.size - 1, arr[np.minimum(quotes + 1, arr.size - 1)], 10)
    bad_open = opening & ~np.isin(prev, (44, 10, 13, 34))
    bad_close = ~opening & ~np.isin(nxt, (44, 10, 13, 34))
    bad = np.flatnonzero(bad_open | bad_close)
    if bad.size == 0:
        return None
    line = int(np.searchsorted(newlines, quotes[bad[0]])) + 1
    return f"not a valid CSV: stray double quote on line {line} (quote fields that contain quotes: RFC 4180)"


def read_csv(*, source: CsvSource, data: bytes) -> CsvRead | CsvUnreadable:
    """Parse ``data`` per the contract; quarantine reasons for unreadable files."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    problem = _utf8_problem(data)
    if problem:
        return CsvUnreadable(problem)
    if not data.strip(b"\r\n"):
        return CsvUnreadable("no header row: the file is empty")
    if data.lstrip(b"\r\n") is not data and data[:1] in (b"\r", b"\n"):
        return CsvUnreadable("no header row: the file starts with a blank line")
    arr = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(arr == 34)
    newlines = np.flatnonzero(arr == 10)
    quoting = _quoting_problem(arr, quotes, newlines)
    if quoting:
        return CsvUnreadable(quoting)
    header = _header(data)
    if header is None or not any(header):
        return CsvUnreadable("no header row: the first line has no column names")
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        return CsvUnreadable(f"header repeats column name(s): {', '.join(dupes)}")
    spec = SPECS[source]
    missing = [name for name in spec.required if name not in header]
    if missing:
        return CsvUnreadable(f"missing required column(s): {', '.join(missing)}")
    # Work under positional names: a file's own column may be called anything (even
    # ``file_line``); contract columns get their names back, extras stay positional.
    extra = tuple(h for h in header if h not in spec.names)
    internal = [h if h in spec.names else f"__extra_{extra.index(h)}" for h in header]
    try:
        raw = pl.read_csv(
            io.BytesIO(data),
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=False,
            has_header=True,
            new_columns=internal,
            quote_char='"',
            separator=",",
            encoding="utf8",
        )
    except Exception as exc:  # polars raises ComputeError/NoDataError with a message
        return CsvUnreadable(f"not a valid CSV: {str(exc).splitlines()[0]}")
    if raw.width != len(internal):
        return CsvUnreadable("not a valid CSV: the header could not be read")

    texts = [pl.col(c) for c in internal]
    lines = _record_lines(newlines, quotes, size=arr.size, rows=raw.height)
    if lines is not None:
        frame = raw.with_columns(pl.Series("__line_no", lines, dtype=pl.Int64))
    else:
        # Fallback: each record adds one line plus the breaks inside its quoted values.
        embedded = pl.sum_horizontal([c.str.count_matches("\n").fill_null(0) for c in texts])
        frame = raw.with_columns(
            (pl.int_range(0, pl.len(), dtype=pl.Int64) + 2 + embedded.cum_sum().shift(1, fill_value=0))
            .cast(pl.Int64)
            .alias("__line_no")
        )
    frame = frame.with_columns(
        [pl.when(c == "").then(None).otherwise(c).alias(name) for c, name in zip(texts, internal, strict=True)]
    )
    frame = frame.filter(~pl.all_horizontal([pl.col(c).is_null() for c in internal]))
    for name in spec.names:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(name))
    ordered = frame.select(
        pl.col("__line_no").alias("file_line"), *spec.names, *(f"__extra_{i}" for i in range(len(extra)))
    )
    return CsvRead(frame=ordered, extra_columns=extra)
