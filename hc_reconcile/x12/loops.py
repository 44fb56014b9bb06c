"""Layer 3 of the 835 engine: loops -> values -> flat rows.

``evaluate`` converts the elements of each kind once (money as
DECIMAL(18,2), dates, quantities); the rules read the converted columns to
reject, and the builders here select the output columns from them.

* claim_id of an SVC or CAS = CLP01 of the latest CLP before it in the same
  transaction (null for an SVC before the first CLP);
* a CAS is at service level when an SVC comes after the latest CLP and
  before the CAS, else at claim level;
* one adjustment row per CAS amount (triplets 02/03/04 ... 17/18/19 whose
  amount element is non-empty), one provider-adjustment row per PLB amount
  (pairs 03/04 ... 13/14 whose amount element is non-empty);
* money columns are DECIMAL(18,2). The amounts the contract validates
  (BPR02, CLP03, CLP04, CAS and PLB amounts) reject their transaction when
  they are not money values. The elements it does not validate — the other
  amounts (CLP05, SVC02, SVC03) and the quantities (SVC05, CAS04/07/...) —
  load as null when they are not a number, and a number with more than two
  decimals is rounded half-to-even to DECIMAL(18,2) (CONTRACT §2: "an
  unvalidated element that is not a number loads as null").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from hc_reconcile.x12.columns import (
    DECIMAL,
    Array,
    Frame,
    component,
    date8,
    money,
    no_null,
    present,
    quantity,
    string_scalar,
    text,
)
from hc_reconcile.x12.fields import SegmentFrames
from hc_reconcile.x12.model import ARROW_SCHEMAS
from hc_reconcile.x12.tokenizer import IntArray, Kind

CAS_TRIPLETS = tuple(
    (f"e{2 + 3 * k:02d}", f"e{3 + 3 * k:02d}", f"e{4 + 3 * k:02d}") for k in range(6)
)
PLB_PAIRS = tuple((f"e{3 + 2 * k:02d}", f"e{4 + 2 * k:02d}") for k in range(6))

# Converted values per kind, computed once ("m_" validated money, "q_" unvalidated number,
# "d_" date).
_MONEY: dict[Kind, tuple[str, ...]] = {
    Kind.BPR: ("e02",),
    Kind.CLP: ("e03", "e04"),
    Kind.CAS: tuple(amount for _, amount, _ in CAS_TRIPLETS),
    Kind.PLB: tuple(amount for _, amount in PLB_PAIRS),
}
_QUANTITY: dict[Kind, tuple[str, ...]] = {
    Kind.CLP: ("e05",),
    Kind.SVC: ("e02", "e03", "e05"),
    Kind.CAS: tuple(q for _, _, q in CAS_TRIPLETS),
}
_DATE: dict[Kind, tuple[str, ...]] = {Kind.BPR: ("e16",), Kind.PLB: ("e02",)}


@dataclass(frozen=True, eq=False)
class Evaluated:
    """Per kind: the segment frame plus its converted values; BPR/TRN: first per transaction."""

    frames: dict[Kind, Frame]
    component: str | None  # the component separator, None: per row (column "component")

    def __getitem__(self, kind: Kind) -> Frame:
        return self.frames[kind]


def first_rows(st_position: npt.NDArray[np.int64]) -> IntArray:
    """Index of the first row of each transaction (rows in file order)."""
    if st_position.shape[0] == 0:
        return np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], st_position[1:] != st_position[:-1]]))
    return starts.astype(np.int64)


def first_per_transaction(frame: Frame) -> Frame:
    return frame.take(first_rows(frame.numpy("st_position")))


def evaluate(frames: SegmentFrames) -> Evaluated:
    out: dict[Kind, Frame] = {}
    for kind, frame in frames.slices.items():
        if kind in (Kind.BPR, Kind.TRN):
            frame = first_per_transaction(frame)
        converted: dict[str, Array] = {}
        for column in _MONEY.get(kind, ()):
            converted[f"m_{column}"] = _convert(money, frame.arrow(column), DECIMAL)
        for column in _QUANTITY.get(kind, ()):
            converted[f"q_{column}"] = _convert(quantity, frame.arrow(column), DECIMAL)
        for column in _DATE.get(kind, ()):
            converted[f"d_{column}"] = _convert(date8, frame.arrow(column), pa.date32())
        out[kind] = frame.with_columns(**converted) if converted else frame
    single = frames.components[0] if len(frames.components) == 1 else None
    return Evaluated(frames=out, component=single)


def _convert(function: Callable[[Array], Array], values: Array, null_type: pa.DataType) -> Array:
    """Skip the kernels for an all-null column (optional elements mostly absent)."""
    if values.null_count == len(values):
        return pa.nulls(len(values), null_type)
    return function(values)


def _lookup(keys: npt.NDArray[np.int64], table_keys: npt.NDArray[np.int64]) -> pa.Array:
    """Index into ``table_keys`` (sorted, unique) of each key, null when absent."""
    if table_keys.shape[0] == 0:
        return pa.nulls(keys.shape[0], pa.int64())
    at = np.minimum(np.searchsorted(table_keys, keys), table_keys.shape[0] - 1)
    found = table_keys[at] == keys
    return pa.array(at, mask=~found)


def _header(frame: Frame, keys: npt.NDArray[np.int64], column: str) -> Array:
    """The column of the header segment of each transaction (null when it has none)."""
    if len(frame) == 0:
        return pa.nulls(keys.shape[0], frame.arrow(column).type)
    return pc.take(frame.arrow(column), _lookup(keys, frame.numpy("st_position")))


def _first_with(frame: Frame, qualifier: str) -> Frame:
    hits = np.asarray(
        no_null(pc.equal(frame.arrow("e01"), string_scalar(qualifier))).to_numpy(zero_copy_only=False),
        dtype=np.bool_,
    )
    return first_per_transaction(frame.filter(hits))


def transactions_frame(envelopes: Frame, values: Evaluated) -> pa.Table:
    """One row per transaction of ``envelopes``: ids, TRN, payer/payee, BPR payment."""
    keys = envelopes.numpy("st_position")
    trn, bpr, n1 = values[Kind.TRN], values[Kind.BPR], values[Kind.N1]
    trn03 = text(_header(trn, keys, "e03"))
    payer_n1 = text(_header(_first_with(n1, "PR"), keys, "e04"))
    payer_ref = text(_header(_first_with(values[Kind.REF], "2U"), keys, "e02"))
    frame = envelopes.with_columns(
        trn02=text(_header(trn, keys, "e02")),
        trn03=trn03,
        payer_id=pc.coalesce(payer_n1, payer_ref, trn03),
        payment_amount=_header(bpr, keys, "m_e02"),
        payment_date=_header(bpr, keys, "d_e16"),
        payment_method=text(_header(bpr, keys, "e04")),
        payee_id=text(_header(_first_with(n1, "PE"), keys, "e04")),
        raw_segment_count=envelopes["segment_count"],
    )
    return frame.to_arrow(ARROW_SCHEMAS["transactions"])


def claims_frame(clp: Frame) -> pa.Table:
    frame = clp.with_columns(
        claim_id=clp["e01"],
        status_code=clp["e02"],
        charge_amount=clp["m_e03"],
        paid_amount=clp["m_e04"],
        patient_responsibility=clp["q_e05"],
        payer_claim_control_number=text(clp.arrow("e07")),
        claim_filing_indicator=text(clp.arrow("e06")),
    )
    return frame.to_arrow(ARROW_SCHEMAS["claims"])


def _claim_ids(claim_positions: npt.NDArray[np.int64], clp: Frame) -> Array:
    """CLP01 of the claim at each position (null for -1: before the first CLP)."""
    if len(clp) == 0:
        return pa.nulls(claim_positions.shape[0], pa.large_string())
    return pc.take(clp.arrow("e01"), _lookup(claim_positions, clp.numpy("segment_position")))


def services_frame(svc: Frame, *, clp: Frame, component_separator: str | None) -> pa.Table:
    sep = component_separator if component_separator is not None else svc.arrow("component")
    frame = svc.with_columns(
        claim_id=_claim_ids(svc.numpy("claim_position"), clp),
        procedure=text(svc.arrow("e01")),
        procedure_code=component(svc.arrow("e01"), sep, 1) if len(svc) else svc["e01"],
        charge_amount=svc["q_e02"],
        paid_amount=svc["q_e03"],
        units=svc["q_e05"],
    )
    return frame.to_arrow(ARROW_SCHEMAS["services"])


def _chunk(values: Array) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


@dataclass(frozen=True, eq=False)
class _Amounts:
    """The amounts of a segment's repeating element groups (CAS triplets, PLB pairs): one
    row per non-empty amount, in file order then group order. Every column is taken once in
    that order (a segment's columns are not copied per group, then again to stack)."""

    frame: Frame
    groups: list[tuple[str, ...]]  # the groups some segment has an amount in
    rows: IntArray  # the segment (row of ``frame``) of each amount
    slot: IntArray  # its group (index into ``groups``)

    def context(self, name: str) -> IntArray:
        return self.frame.numpy(name)[self.rows]

    def take(self, name: str) -> Array:
        """A column of the segment, for each amount."""
        return pc.take(self.frame.arrow(name), pa.array(self.rows))

    def element(self, position: int, prefix: str = "") -> Array:
        """Element ``position`` of the group (``prefix``: its converted value), for each amount."""
        names = [prefix + group[position] for group in self.groups]
        if len(names) == 1:
            return self.take(names[0])
        stacked = pa.concat_arrays([_chunk(self.frame.arrow(name)) for name in names])
        return pc.take(stacked, pa.array(self.slot * len(self.frame) + self.rows))


def _amounts(frame: Frame, groups: tuple[tuple[str, ...], ...], *, amount: int) -> _Amounts | None:
    """The non-empty amounts (element ``amount`` of each group) of ``frame``; None if none."""
    rows_parts: list[IntArray] = []
    used: list[tuple[str, ...]] = []
    for group in groups:
        column = frame.arrow(group[amount])
        if column.null_count == len(column):
            continue
        keep = np.flatnonzero(np.asarray(present(column).to_numpy(zero_copy_only=False), dtype=np.bool_))
        if keep.shape[0]:
            rows_parts.append(keep)
            used.append(group)
    if not used:
        return None
    rows = np.concatenate(rows_parts)
    slot = np.concatenate([np.full(part.shape[0], n) for n, part in enumerate(rows_parts)])
    if len(used) > 1:
        order = np.lexsort((slot, rows))
        rows, slot = rows[order], slot[order]
    return _Amounts(frame=frame, groups=used, rows=rows, slot=slot)


_LEVELS = pa.array(["claim", "service"], pa.large_string())


def adjustments_frame(cas: Frame, *, clp: Frame) -> pa.Table:
    """One row per CAS amount (triplets with a non-empty amount element)."""
    found = _amounts(cas, CAS_TRIPLETS, amount=1)
    if found is None:
        return ARROW_SCHEMAS["adjustments"].empty_table()
    service = found.context("service_position")
    frame = Frame(
        {
            "st_position": found.context("st_position"),
            "segment_position": found.context("segment_position"),
            "claim_id": _claim_ids(found.context("claim_position"), clp),
            "level": _LEVELS.take(pa.array((service >= 0).astype(np.int8))),
            "service_segment_position": pa.array(service, mask=service < 0),
            "group_code": text(found.take("e01")),
            "reason_code": text(found.element(0)),
            "amount": found.element(1, "m_"),
            "quantity": found.element(2, "q_"),
        },
        int(found.rows.shape[0]),
    )
    return frame.to_arrow(ARROW_SCHEMAS["adjustments"])


def provider_adjustments_frame(plb: Frame, *, component_separator: str | None) -> pa.Table:
    """One row per PLB amount (pairs with a non-empty amount element)."""
    found = _amounts(plb, PLB_PAIRS, amount=1)
    if found is None:
        return ARROW_SCHEMAS["provider_adjustments"].empty_table()
    code = found.element(0)
    sep = component_separator if component_separator is not None else found.take("component")
    frame = Frame(
        {
            "st_position": found.context("st_position"),
            "segment_position": found.context("segment_position"),
            "provider_id": text(found.take("e01")),
            "fiscal_period_date": found.take("d_e02"),
            "reason_code": component(code, sep, 0),
            "reference": component(code, sep, 1),
            "amount": found.element(1, "m_"),
        },
        int(found.rows.shape[0]),
    )
    return frame.to_arrow(ARROW_SCHEMAS["provider_adjustments"])
