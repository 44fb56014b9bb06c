"""Segment frames: the segments the engine reads, with context, split into elements.

One ``Frame`` per kind of segment: the texts are cut out of the file bytes
in one Arrow ``take`` and split into elements with Arrow kernels sized for
the kind; context (transaction, claim, service line, envelope ordinals)
comes from numpy binary searches. No per-segment Python.

Every frame has ``segment_position``, ``text`` and the elements ``e01`` ..
(as many as the kind needs; null = element absent, "" = element empty).
Context columns, per kind:

* ``st_position`` (the enclosing ST): every kind inside transactions;
* ``isa_ord`` / ``gs_ord`` (0-based interchange / group ordinal): ISA, IEA,
  GS, GE, ST;
* ``expected``: IEA (GS count of its interchange), GE (ST count of its group);
* ``claim_position`` (latest CLP of the same transaction before it, -1 when
  none): SVC, CAS; ``service_position`` (the SVC it belongs to, -1 for claim
  level): CAS;
* ``component`` (the row's component separator): SVC and PLB, only when the
  interchanges of the table declare different ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from hc_reconcile.x12.columns import Column, Frame, split_texts
from hc_reconcile.x12.tokenizer import IntArray, Kind, SegmentTable

# The elements each kind needs (1-based).
ELEMENTS: dict[Kind, tuple[int, ...]] = {
    Kind.ISA: (13,),
    Kind.IEA: (1, 2),
    Kind.GS: (6,),
    Kind.GE: (1, 2),
    Kind.ST: (1, 2),
    Kind.SE: (1, 2),
    Kind.BPR: (2, 4, 16),
    Kind.TRN: (2, 3),
    Kind.N1: (1, 4),
    Kind.REF: (1, 2),
    Kind.CLP: (1, 2, 3, 4, 5, 6, 7),
    Kind.SVC: (1, 2, 3, 5),
    Kind.CAS: tuple(range(1, 20)),
    Kind.PLB: tuple(range(1, 15)),
}
_IN_TRANSACTION = frozenset(
    {
        Kind.ST,
        Kind.SE,
        Kind.BPR,
        Kind.TRN,
        Kind.N1,
        Kind.REF,
        Kind.CLP,
        Kind.SVC,
        Kind.CAS,
        Kind.PLB,
    }
)


def _latest(marks: IntArray, rows: IntArray) -> IntArray:
    """The last mark <= each row (-1 when none); marks sorted."""
    if marks.shape[0] == 0:
        return np.full(rows.shape[0], -1, dtype=np.int64)
    at = np.searchsorted(marks, rows, side="right") - 1
    return np.where(at >= 0, marks[np.maximum(at, 0)], -1).astype(np.int64)


def _ordinal(marks: IntArray, rows: IntArray) -> IntArray:
    return (np.searchsorted(marks, rows, side="right") - 1).astype(np.int64)


def header_rows(table: SegmentTable, rows: IntArray) -> IntArray:
    """The rows that come before the first LX or CLP of their transaction."""
    detail = _latest(table.rows(Kind.LX, Kind.CLP), rows)
    return rows[detail < _latest(table.rows(Kind.ST), rows)]


@dataclass(frozen=True, eq=False)
class SegmentFrames:
    """The segments of interest of one table: one frame per kind."""

    table: SegmentTable
    slices: dict[Kind, Frame]
    components: list[str]  # distinct component separators; several: a "component" column

    def __getitem__(self, kind: Kind) -> Frame:
        return self.slices[kind]


def _context(table: SegmentTable, kind: Kind, rows: IntArray) -> dict[str, Column]:
    position = table.position

    def position_of(of_rows: IntArray) -> IntArray:
        return np.where(of_rows >= 0, position[np.maximum(of_rows, 0)], -1)

    columns: dict[str, Column] = {"segment_position": position[rows]}
    st_row = _latest(table.rows(Kind.ST), rows) if kind in _IN_TRANSACTION else None
    if st_row is not None:
        columns["st_position"] = position_of(st_row)
    if kind in (Kind.ISA, Kind.IEA, Kind.ST):
        columns["isa_ord"] = _ordinal(table.isa_rows, rows)
    if kind in (Kind.GS, Kind.GE, Kind.ST):
        columns["gs_ord"] = _ordinal(table.rows(Kind.GS), rows)
    if kind is Kind.IEA:
        gs_isa = _ordinal(table.isa_rows, table.rows(Kind.GS))
        per_isa = np.bincount(gs_isa, minlength=table.isa_rows.shape[0])
        columns["expected"] = per_isa[_ordinal(table.isa_rows, rows)].astype(np.int64)
    if kind is Kind.GE:
        gs = table.rows(Kind.GS)
        per_gs = np.bincount(_ordinal(gs, table.rows(Kind.ST)), minlength=gs.shape[0])
        columns["expected"] = per_gs[_ordinal(gs, rows)].astype(np.int64)
    if kind in (Kind.SVC, Kind.CAS) and st_row is not None:
        clp = _latest(table.rows(Kind.CLP), rows - 1)
        columns["claim_position"] = position_of(np.where(clp > st_row, clp, -1))
        if kind is Kind.CAS:
            svc = _latest(table.rows(Kind.SVC), rows - 1)
            columns["service_position"] = position_of(
                np.where((svc > st_row) & (svc > clp), svc, -1)
            )
    components = table.components
    if kind in (Kind.SVC, Kind.PLB) and len(set(components)) > 1:
        codes = table.isa_bytes[_ordinal(table.isa_rows, rows), 1]
        distinct = np.unique(codes)
        names = pa.array([chr(c) for c in distinct.tolist()], pa.large_string())
        columns["component"] = names.take(pa.array(np.searchsorted(distinct, codes)))
    return columns


def kind_frame(table: SegmentTable, kind: Kind, rows: IntArray) -> Frame:
    """The segments ``rows`` (all of one kind, in file order) with context and elements.

    ``element_count`` is the number of elements of each segment.
    """
    elements, count = split_texts(table.texts(rows), table.element, needed=ELEMENTS[kind])
    return _frame(table, kind, rows, elements, count)


def _frame(
    table: SegmentTable, kind: Kind, rows: IntArray, elements: dict[str, Column], count: IntArray
) -> Frame:
    """The frame of ``rows``: their context, element count and the elements the kind needs."""
    needed = {name: elements[name] for name in (f"e{k:02d}" for k in ELEMENTS[kind])}
    return Frame(
        {**_context(table, kind, rows), "element_count": count, **needed}, int(rows.shape[0])
    )


#: Kinds with few segments (envelopes, headers, PLB): split together in one pass, because
#: a pass costs a few dozen microseconds of calls whatever its size. Their rows are
#: concatenated kind after kind, so each kind's columns are zero-copy slices of the pass's.
_FEW = (Kind.ISA, Kind.IEA, Kind.GS, Kind.GE, Kind.ST, Kind.SE, Kind.BPR, Kind.TRN, Kind.N1,
        Kind.REF, Kind.PLB)
_FEW_NEEDED = tuple(sorted({k for kind in _FEW for k in ELEMENTS[kind]}))


def _rows(table: SegmentTable, kind: Kind) -> IntArray:
    if kind is Kind.ISA:
        return table.isa_rows
    if kind is Kind.REF:
        return header_rows(table, table.rows(Kind.REF))  # only the header REF*2U matters
    return table.rows(kind)


def _few_frames(table: SegmentTable) -> dict[Kind, Frame]:
    """``kind_frame`` of every kind in ``_FEW``, from one split of all their segments."""
    rows = {kind: _rows(table, kind) for kind in _FEW}
    elements, count = split_texts(
        table.texts(np.concatenate(list(rows.values()))), table.element, needed=_FEW_NEEDED
    )
    frames: dict[Kind, Frame] = {}
    offset = 0
    for kind, kind_rows in rows.items():
        size = int(kind_rows.shape[0])
        sliced = {name: values.slice(offset, size) for name, values in elements.items()}
        frames[kind] = _frame(table, kind, kind_rows, sliced, count[offset : offset + size])
        offset += size
    return frames


def segment_frames(table: SegmentTable) -> SegmentFrames:
    few = _few_frames(table)
    slices = {
        kind: few[kind] if kind in few else kind_frame(table, kind, _rows(table, kind))
        for kind in ELEMENTS
    }
    return SegmentFrames(table=table, slices=slices, components=sorted(set(table.components)))
