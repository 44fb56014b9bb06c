"""Layer 1 of the 835 engine: bytes -> segment tables.

The tokenizer never builds a Python object per segment. It reads the
delimiters of every interchange from its fixed-width ISA, finds the segment
terminators with numpy, then strips CR/LF around segments and classifies every
segment by its id in one compiled pass (``kernels.segment_bounds``). Segment
texts are cut out of the file only for the segments a caller asks for
(``SegmentTable.texts``), as an Arrow string array over the original bytes.

Rules (CONTRACT.md section 1):

* a leading UTF-8 BOM is ignored; any other byte > 0x7F quarantines the file;
* each interchange starts with ``ISA``; its 4th, 105th and 106th characters
  are the element separator, component separator and segment terminator
  (the 83rd, ISA11, is the repetition separator in 5010);
* empty segments and CR/LF around segments are ignored; spaces, tabs, CR/LF
  (and stray terminators) between interchanges are ignored;
* an interchange ends at its first IEA segment; a file whose last segment has
  no terminator is truncated.

Segment position = 1-based ordinal of a non-empty segment in the file (the
first ISA is 1), counted across interchanges whatever their delimiters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

BOM = b"\xef\xbb\xbf"
ISA_LENGTH = 106  # fixed-width ISA including its segment terminator
_SNIPPET = 40

IntArray = npt.NDArray[np.int64]
ByteArray = npt.NDArray[np.uint8]
_NO_ROWS: IntArray = np.empty(0, dtype=np.int64)


class Kind(IntEnum):
    """Segment kinds the engine looks at; every other segment is OTHER.

    The values are ASCII letters so that a run's kinds form a bytes string
    the envelope layer can match with a regular expression.
    """

    ISA = ord("I")
    IEA = ord("i")
    GS = ord("G")
    GE = ord("g")
    ST = ord("S")
    SE = ord("s")
    BPR = ord("B")
    TRN = ord("T")
    N1 = ord("N")
    REF = ord("R")
    LX = ord("L")
    CLP = ord("C")
    SVC = ord("V")
    CAS = ord("A")
    PLB = ord("P")
    OTHER = ord("x")


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The four delimiters an ISA declares."""

    element: str
    repetition: str
    component: str
    segment: str

    def describe(self) -> str:
        return (
            f"element={self.element!r} repetition={self.repetition!r} "
            f"component={self.component!r} segment={self.segment!r}"
        )


@dataclass(frozen=True, eq=False)
class SegmentTable:
    """The non-empty segments of consecutive interchanges sharing one set of delimiters.

    Arrays are parallel, one entry per segment, in file order: ``position``
    (segment position in the file), ``start``/``end`` (byte span of the
    segment text without terminator and surrounding CR/LF) and ``kind``.
    """

    data: bytes
    element: str
    isa_rows: IntArray  # table row of each interchange's ISA
    isa_bytes: ByteArray  # per interchange: its repetition, component and terminator bytes
    position: IntArray
    start: IntArray
    end: IntArray
    kind: ByteArray

    @property
    def size(self) -> int:
        return int(self.position.shape[0])

    def delimiters(self, interchange: int) -> Delimiters:
        repetition, component, segment = (chr(int(b)) for b in self.isa_bytes[interchange])
        return Delimiters(self.element, repetition, component, segment)

    @property
    def components(self) -> list[str]:
        """The component separator of each interchange."""
        return [chr(b) for b in self.isa_bytes[:, 1].tolist()]

    def row_of(self, position: int) -> int:
        return int(np.searchsorted(self.position, position))

    def rows(self, *kinds: Kind) -> IntArray:
        """Row indices of the segments of the given kinds, in file order."""
        if len(kinds) == 1:
            return self._rows_by_kind.get(int(kinds[0]), _NO_ROWS)
        return np.sort(np.concatenate([self.rows(k) for k in kinds]))

    @cached_property
    def _rows_by_kind(self) -> dict[int, IntArray]:
        """The rows of every kind, from one stable sort of the kinds (not a pass per kind)."""
        order = np.argsort(self.kind, kind="stable").astype(np.int64, copy=False)
        counts = np.bincount(self.kind, minlength=256)
        bounds = np.concatenate([[0], np.cumsum(counts)])
        return {int(k): order[bounds[k] : bounds[k + 1]] for k in np.flatnonzero(counts).tolist()}

    def texts(self, rows: IntArray) -> pa.Array:
        """The texts of the given segments, in the order given, as one Arrow string array.

        One Arrow ``take`` over the file bytes (the only copy); rows not in file order are
        taken in file order, then put in the order given (a second take).
        """
        if rows.shape[0] > 1 and bool(np.any(rows[1:] < rows[:-1])):
            order = np.argsort(rows, kind="stable")
            inverse = np.empty_like(order)
            inverse[order] = np.arange(order.shape[0])
            return pc.take(self.texts(rows[order]), pa.array(inverse))
        count = rows.shape[0]
        if count == 0:
            return pa.array([], type=pa.large_string())
        starts = self.start[rows]
        ends = self.end[rows]
        # Arrow needs contiguous values: interleave each segment with the gap up
        # to the next one ([s0, e0, s1, e1, ...]) and take the even values.
        offsets = np.empty(2 * count + 1, dtype=np.int64)
        offsets[0:-1:2] = starts
        offsets[1::2] = ends
        offsets[-1] = ends[-1]
        array = pa.LargeStringArray.from_buffers(
            2 * count, pa.py_buffer(offsets), pa.py_buffer(self.data)
        )
        return pc.take(array, pa.array(np.arange(0, 2 * count, 2, dtype=np.int64)))

    def text_of(self, row: int, *, limit: int | None = None) -> str:
        start = int(self.start[row])
        end = int(self.end[row])
        if limit is not None:
            end = min(end, start + limit)
        return self.data[start:end].decode("ascii", errors="replace")

    def span_text(self, first_position: int, last_position: int, *, limit: int) -> str:
        """The raw file text from one segment to another (terminators included), cut at limit."""
        start = int(self.start[self.row_of(first_position)])
        end = int(self.end[self.row_of(last_position)]) + 1
        end = min(end, start + limit, len(self.data))
        return self.data[start:end].decode("ascii", errors="replace")


@dataclass(frozen=True, eq=False)
class Tokenized:
    """Either a quarantine reason or the segment tables of the file (one per element separator)."""

    quarantine_reason: str | None
    tables: tuple[SegmentTable, ...]


def _snippet(data: bytes, offset: int) -> str:
    return repr(data[offset : offset + _SNIPPET].decode("ascii", errors="replace"))


def _quarantine(reason: str) -> Tokenized:
    return Tokenized(quarantine_reason=reason, tables=())


_BLOCK = 4 << 20  # scan in blocks: small temporaries are reused, not re-faulted


def _find_byte(buf: ByteArray, origin: int, limit: int, value: int) -> IntArray:
    found = []
    for lo in range(origin, limit, _BLOCK):
        hits = np.flatnonzero(buf[lo : min(lo + _BLOCK, limit)] == value)
        hits += lo
        found.append(hits)
    return np.concatenate(found).astype(np.int64) if found else np.empty(0, dtype=np.int64)


_IDS = [k for k in Kind if k is not Kind.OTHER]
# Every id known here is told apart by its first two characters: a 64 KiB table
# gives the candidate kind, then the 3rd byte is checked (``kernels.segment_bounds``).
_BY_TWO = np.full(1 << 16, Kind.OTHER, dtype=np.uint8)
_THIRD = np.zeros(256, dtype=np.uint32)  # expected 3rd byte of a 3-character id
_THREE_CHAR = np.zeros(256, dtype=np.bool_)
for _kind in _IDS:
    _BY_TWO[ord(_kind.name[0]) | (ord(_kind.name[1]) << 8)] = _kind
    if len(_kind.name) == 3:
        _THIRD[_kind] = ord(_kind.name[2])
        _THREE_CHAR[_kind] = True
del _kind


@dataclass(eq=False)
class _Pass:
    """Terminator split of ``buf[origin:limit]`` under one ISA's element separator and terminator."""

    buf: ByteArray
    origin: int
    limit: int
    element: int
    terminator: int
    term: IntArray  # byte offset of each terminator
    start: IntArray  # stripped start of each raw segment
    end: IntArray  # stripped end (exclusive)
    kind: ByteArray
    iea_rows: IntArray
    iea_starts: IntArray
    _next_isa: IntArray | None = None
    _chain: npt.NDArray[np.bool_] | None = None

    def next_isa(self) -> IntArray:
        """For each IEA: start of the next non-empty segment if it is an ISA, else -1."""
        if self._next_isa is None:
            result = np.full(self.iea_rows.shape[0], -1, dtype=np.int64)
            nonempty = np.flatnonzero(self.end > self.start)
            if nonempty.shape[0]:
                at = np.searchsorted(nonempty, self.iea_rows, side="right")
                rows = nonempty[np.minimum(at, nonempty.shape[0] - 1)]
                ok = (at < nonempty.shape[0]) & (self.kind[rows] == Kind.ISA)
                result = np.where(ok, self.start[rows], -1)
            self._next_isa = result
        return self._next_isa

    def chain(self) -> npt.NDArray[np.bool_]:
        """For each IEA: the next interchange follows at once under the same separators.

        ("At once": only CR/LF and empty segments in between; "the same": its
        ISA, classified with this element separator, has this terminator.)
        Chained interchanges are taken in one step, without a Python
        iteration each.
        """
        if self._chain is None:
            nxt = self.next_isa()
            size = self.buf.shape[0]
            ok = (nxt >= 0) & (nxt + ISA_LENGTH <= size)
            at = np.minimum(np.where(ok, nxt, 0) + 105, size - 1)
            chain = ok & (self.buf[at] == self.terminator)
            if chain.shape[0]:
                chain[-1] = False  # the next interchange's IEA is beyond this pass
            self._chain = chain
        return self._chain


def _make_pass(buf: ByteArray, origin: int, limit: int, *, element: int, terminator: int) -> _Pass:
    from hc_reconcile.x12.kernels import segment_bounds  # numba: imported when first needed

    term = _find_byte(buf, origin, limit, terminator)
    start = np.empty_like(term)
    end = np.empty_like(term)
    kind = np.empty(term.shape[0], dtype=np.uint8)
    # One compiled pass: CR/LF around each segment stripped, its id looked up.
    segment_bounds(
        buf, origin, term, element, _BY_TWO, _THIRD, _THREE_CHAR, int(Kind.OTHER), start, end, kind
    )
    iea_rows = np.flatnonzero(kind == Kind.IEA).astype(np.int64)
    return _Pass(
        buf=buf,
        origin=origin,
        limit=limit,
        element=element,
        terminator=terminator,
        term=term,
        start=start,
        end=end,
        kind=kind,
        iea_rows=iea_rows,
        iea_starts=start[iea_rows],
    )


@dataclass(eq=False)
class _Run:
    """Consecutive interchanges found in one pass."""

    pass_: _Pass
    isa_offsets: list[IntArray]  # one array per batch of chained interchanges
    iea_rows: list[IntArray]


_GAP_PATTERNS: dict[int, re.Pattern[bytes]] = {}
_LEADING_WS = re.compile(rb"[ \t\r\n]*")
_WINDOW = 1 << 20  # bytes a pass for a change of delimiters reads before it is widened


def _gap_pattern(terminator: int) -> re.Pattern[bytes]:
    pattern = _GAP_PATTERNS.get(terminator)
    if pattern is None:
        chars = re.escape(bytes([terminator]))
        pattern = _GAP_PATTERNS[terminator] = re.compile(rb"[ \t\r\n" + chars + rb"]*")
    return pattern


def tokenize(data: bytes) -> Tokenized:
    """Split an 835 file into segment tables, or give the reason it is quarantined."""
    base = len(BOM) if data.startswith(BOM) else 0
    size = len(data)
    if size == base:
        return _quarantine("the file is empty")
    buf = np.frombuffer(data, dtype=np.uint8)
    ascii_ok = data.isascii() if base == 0 else int(buf[base:].max()) < 0x80
    if not ascii_ok:
        bad = base + int(np.argmax(buf[base:] > 0x7F))
        return _quarantine(
            f"non-ASCII byte 0x{int(buf[bad]):02X} at byte offset {bad}: X12 835 files must be ASCII"
        )
    leading = _LEADING_WS.match(data, base)
    assert leading is not None
    offset = leading.end()
    if offset == size:
        return _quarantine("the file is blank (only whitespace)")

    runs: list[_Run] = []
    passes: dict[tuple[int, int], _Pass] = {}
    while offset < size:
        if data[offset : offset + 3] != b"ISA":
            if not runs:
                return _quarantine(
                    f"the file does not start with an ISA segment: found {_snippet(data, offset)} "
                    f"at byte offset {offset}"
                )
            return _quarantine(
                f"expected an ISA segment or the end of the file at byte offset {offset} "
                f"(after an IEA), found {_snippet(data, offset)}"
            )
        if size - offset < ISA_LENGTH:
            return _quarantine(
                f"truncated ISA at byte offset {offset}: {size - offset} characters where the "
                f"fixed-width ISA needs {ISA_LENGTH}"
            )
        element, terminator = data[offset + 3], data[offset + 105]
        key = (element, terminator)
        current = passes.get(key)
        if current is None or not current.origin <= offset < current.limit:
            # The first pass reads the whole file (one set of delimiters is the
            # rule); a pass for other delimiters starts with a window.
            window = size if not passes else _WINDOW
            current = _make_pass(
                buf,
                offset,
                min(size, offset + window),
                element=element,
                terminator=terminator,
            )
        first = int(np.searchsorted(current.iea_starts, offset, side="right"))
        while first == current.iea_rows.shape[0] and current.limit < size:
            window = 4 * (current.limit - offset)  # the interchange is longer: widen
            current = _make_pass(
                buf,
                offset,
                min(size, offset + window),
                element=element,
                terminator=terminator,
            )
            first = int(np.searchsorted(current.iea_starts, offset, side="right"))
        passes[key] = current
        if first == current.iea_rows.shape[0]:
            return _quarantine(_missing_iea_reason(data, current, offset))
        # Take every interchange chained to this one in a single step.
        breaks = np.flatnonzero(~current.chain()[first:])
        last = first + int(breaks[0])  # the last IEA of a pass never chains
        isa_offsets = np.empty(last - first + 1, dtype=np.int64)
        isa_offsets[0] = offset
        isa_offsets[1:] = current.next_isa()[first:last]
        iea_rows = current.iea_rows[first : last + 1]
        if runs and runs[-1].pass_ is current:
            runs[-1].isa_offsets.append(isa_offsets)
            runs[-1].iea_rows.append(iea_rows)
        else:
            runs.append(_Run(current, [isa_offsets], [iea_rows]))
        end_offset = int(current.term[iea_rows[-1]]) + 1
        gap = _gap_pattern(terminator).match(data, end_offset)
        assert gap is not None
        offset = gap.end()
        if (
            offset < size
            and data[offset : offset + 3] != b"ISA"
            and bytes([terminator]) not in data[offset:]
        ):
            return _quarantine(
                f"the file ends with text that has no segment terminator "
                f"{_snippet(data, offset)} at byte offset {offset}: truncated"
            )
    return Tokenized(quarantine_reason=None, tables=_tables(data, buf, runs))


def _missing_iea_reason(data: bytes, pass_: _Pass, isa_offset: int) -> str:
    last_term = int(pass_.term[-1]) if pass_.term.shape[0] else isa_offset - 1
    tail = data[last_term + 1 :].strip(b" \t\r\n")
    isa13 = data[isa_offset + 90 : isa_offset + 99].decode("ascii", errors="replace")
    if tail:
        return (
            f"the file ends with a segment that has no terminator "
            f"{_snippet(tail, 0)}: truncated (the interchange starting at byte offset "
            f"{isa_offset}, ISA13 {isa13!r}, has no IEA)"
        )
    return (
        f"the interchange starting at byte offset {isa_offset} (ISA13 {isa13!r}) has no IEA "
        f"segment: the file is truncated or the IEA is missing"
    )


@dataclass(eq=False)
class _RunRows:
    element: int
    start: IntArray
    end: IntArray
    kind: ByteArray
    isa_rows: IntArray
    isa_bytes: ByteArray


def _run_rows(buf: ByteArray, run: _Run) -> _RunRows:
    """The non-empty segments of a run; whitespace between interchanges dropped."""
    p = run.pass_
    isa_offsets = np.concatenate(run.isa_offsets)
    iea_rows = np.concatenate(run.iea_rows)
    isa_rows = np.searchsorted(p.term, isa_offsets, side="left").astype(np.int64)
    lo, hi = int(isa_rows[0]), int(iea_rows[-1]) + 1
    keep = p.end[lo:hi] > p.start[lo:hi]
    isa_local = isa_rows - lo
    # Chained interchanges have only empty pieces in between (dropped already);
    # before the first ISA of each later batch, drop the whitespace pieces.
    batch_starts = np.cumsum([len(chunk) for chunk in run.isa_offsets])[:-1]
    for k in batch_starts.tolist():
        keep[iea_rows[k - 1] - lo + 1 : isa_local[k]] = False
    keep[isa_local] = True
    rows = np.flatnonzero(keep)
    table_isa_rows = np.searchsorted(rows, isa_local).astype(np.int64)
    start = p.start[lo:hi][rows]
    start[table_isa_rows] = isa_offsets
    kind = p.kind[lo:hi][rows]
    kind[table_isa_rows] = Kind.ISA
    isa_bytes = np.stack(
        [buf[isa_offsets + 82], buf[isa_offsets + 104], buf[isa_offsets + 105]], axis=1
    )
    return _RunRows(
        element=p.element,
        start=start,
        end=p.end[lo:hi][rows],
        kind=kind,
        isa_rows=table_isa_rows,
        isa_bytes=isa_bytes,
    )


def _tables(data: bytes, buf: ByteArray, runs: list[_Run]) -> tuple[SegmentTable, ...]:
    """Positions across the whole file; one table per element separator (runs in file order)."""
    by_element: dict[int, list[tuple[int, _RunRows]]] = {}
    next_position = 1
    for run in runs:
        rows = _run_rows(buf, run)
        by_element.setdefault(rows.element, []).append((next_position, rows))
        next_position += rows.start.shape[0]
    tables = []
    for element, parts in by_element.items():
        sizes = [rows.start.shape[0] for _, rows in parts]
        row_offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        tables.append(
            SegmentTable(
                data=data,
                element=chr(element),
                isa_rows=np.concatenate(
                    [rows.isa_rows + off for off, (_, rows) in zip(row_offsets, parts, strict=True)]
                ),
                isa_bytes=np.concatenate([rows.isa_bytes for _, rows in parts]),
                position=np.concatenate(
                    [
                        np.arange(first, first + n, dtype=np.int64)
                        for (first, _), n in zip(parts, sizes, strict=True)
                    ]
                ),
                start=np.concatenate([rows.start for _, rows in parts]),
                end=np.concatenate([rows.end for _, rows in parts]),
                kind=np.concatenate([rows.kind for _, rows in parts]),
            )
        )
    return tuple(tables)
