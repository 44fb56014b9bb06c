"""Transaction rejection rules for 835 content (CONTRACT.md section 1).

A transaction with ST01 = 835 is rejected as a unit when:

* it has no BPR segment, or no TRN segment / an empty TRN02 (the first BPR
  and the first TRN are the header; later ones are not looked at);
* BPR02 is not a money value; BPR16 is present (non-empty) but not a real
  CCYYMMDD date;
* a CLP has an empty CLP01 or CLP02, or a CLP03 / CLP04 that is not a money
  value;
* a CAS comes before the first CLP of the transaction, or one of its amounts
  (CAS03/06/09/12/15/18) is not a money value;
* a PLB amount (PLB04/06/08/10/12/14) is not a money value.

CAS03 and PLB04 are required: empty counts as "not a money value". The
other amount elements are checked when present and non-empty (an absent
optional triplet/pair is not an amount). A money value must also fit
DECIMAL(18,2). Nothing else rejects: unbalanced transactions are valid.

The envelope rules (ST01, SE01, SE02) are in ``envelope``; a transaction
whose ST01 is not 835 gets only those, not the 835 content rules.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hc_reconcile.x12.checks import Check, Row, failures, quoted
from hc_reconcile.x12.columns import DECIMAL, Array, Frame, no_null, present
from hc_reconcile.x12.envelope import ST01_835, Rejection
from hc_reconcile.x12.loops import CAS_TRIPLETS, PLB_PAIRS, Evaluated
from hc_reconcile.x12.tokenizer import Kind


def _null(column: str) -> Callable[[Frame], Array]:
    return lambda f: pc.is_null(f.arrow(column))


def _not_money(segment: str, element: str, *, required: bool) -> Check:
    """The element is not a money value (its DECIMAL(18,2) value is null)."""
    label = f"{segment}{element[1:]}"

    def flag(f: Frame) -> Array:
        invalid = pc.is_null(f.arrow(f"m_{element}"))
        return invalid if required else pc.and_(present(f.arrow(element)), invalid)

    def message(r: Row) -> str:
        return (
            f"{label}={quoted(r[element])} at position {r['segment_position']} is not a money value"
        )

    return Check(flag, message)


def _empty(segment: str, element: str) -> Check:
    label = f"{segment}{element[1:]}"
    return Check(
        lambda f: pc.invert(present(f.arrow(element))),
        lambda r: f"{label} is empty in the {segment} at position {r['segment_position']}",
    )


def _has(column: str) -> Callable[[Frame], Array]:
    return lambda f: pc.is_valid(f.arrow(column))


_HEADER_CHECKS = [
    Check(_null("bpr_position"), lambda r: "the transaction has no BPR segment"),
    Check(
        lambda f: pc.and_(_has("bpr_position")(f), pc.is_null(f.arrow("m_e02"))),
        lambda r: f"BPR02={quoted(r['e02'])} at position {r['bpr_position']} is not a money value",
    ),
    Check(
        lambda f: pc.and_(
            pc.and_(_has("bpr_position")(f), present(f.arrow("e16"))), pc.is_null(f.arrow("d_e16"))
        ),
        lambda r: (
            f"BPR16={quoted(r['e16'])} at position {r['bpr_position']} is not a real CCYYMMDD date"
        ),
    ),
    Check(_null("trn_position"), lambda r: "the transaction has no TRN segment (TRN02 is missing)"),
    Check(
        lambda f: pc.and_(_has("trn_position")(f), pc.invert(present(f.arrow("trn02")))),
        lambda r: f"TRN02 is empty in the TRN at position {r['trn_position']}",
    ),
]
_CLP_CHECKS = [
    _empty("CLP", "e01"),
    _empty("CLP", "e02"),
    _not_money("CLP", "e03", required=True),
    _not_money("CLP", "e04", required=True),
]
_CAS_CHECKS = [
    Check(
        lambda f: f.numpy("claim_position") < 0,
        lambda r: (
            f"CAS at position {r['segment_position']} comes before the first CLP of the transaction"
        ),
    ),
    *(_not_money("CAS", amount, required=k == 0) for k, (_, amount, _) in enumerate(CAS_TRIPLETS)),
]
_PLB_CHECKS = [
    _not_money("PLB", amount, required=k == 0) for k, (_, amount) in enumerate(PLB_PAIRS)
]


def _lookup(keys: np.ndarray, table_keys: np.ndarray) -> pa.Array:
    if table_keys.shape[0] == 0:
        return pa.nulls(keys.shape[0], pa.int64())
    at = np.minimum(np.searchsorted(table_keys, keys), table_keys.shape[0] - 1)
    return pa.array(at, mask=table_keys[at] != keys)


def _header(transactions: Frame, values: Evaluated) -> Frame:
    """Per 835 transaction: its first BPR (position, BPR02, BPR16) and first TRN (position, TRN02)."""
    keys = transactions.numpy("st_position")
    bpr, trn = values[Kind.BPR], values[Kind.TRN]
    at_bpr = _lookup(keys, bpr.numpy("st_position"))
    at_trn = _lookup(keys, trn.numpy("st_position"))

    def pick(frame: Frame, column: str, at: pa.Array) -> Array:
        return pc.take(frame.arrow(column), at) if len(frame) else pa.nulls(len(keys), pa.int64())

    return Frame(
        {
            "st_position": keys,
            "bpr_position": pick(bpr, "segment_position", at_bpr),
            "e02": pick(bpr, "e02", at_bpr) if len(bpr) else pa.nulls(len(keys), pa.large_string()),
            "e16": pick(bpr, "e16", at_bpr) if len(bpr) else pa.nulls(len(keys), pa.large_string()),
            "m_e02": pick(bpr, "m_e02", at_bpr)
            if len(bpr)
            else pa.nulls(len(keys), DECIMAL),
            "d_e16": pick(bpr, "d_e16", at_bpr) if len(bpr) else pa.nulls(len(keys), pa.date32()),
            "trn_position": pick(trn, "segment_position", at_trn),
            "trn02": pick(trn, "e02", at_trn)
            if len(trn)
            else pa.nulls(len(keys), pa.large_string()),
        },
        len(keys),
    )


def content_rejections(*, transactions: Frame, values: Evaluated) -> list[Rejection]:
    """The failures of the 835 content rules, as (st_position, segment_position, reason).

    ``transactions`` has st_position and st01 of every transaction of the
    table; ``values`` are the evaluated segment frames (BPR and TRN: first
    per transaction).
    """
    is_835 = np.asarray(
        no_null(pc.equal(transactions.arrow("st01"), ST01_835)).to_numpy(
            zero_copy_only=False
        ),
        dtype=np.bool_,
    )
    found: list[Rejection] = []
    header = _header(transactions.filter(is_835), values)
    for row, message, _ in failures(header, _HEADER_CHECKS):
        position = row["bpr_position"] or row["trn_position"] or row["st_position"]
        found.append((row["st_position"], position, message))
    keep_st = transactions.numpy("st_position")[is_835]
    for kind, checks in ((Kind.CLP, _CLP_CHECKS), (Kind.CAS, _CAS_CHECKS), (Kind.PLB, _PLB_CHECKS)):
        frame = values[kind]
        if not is_835.all():
            frame = frame.filter(np.isin(frame.numpy("st_position"), keep_st))
        found += [
            (row["st_position"], position, message)
            for row, message, position in failures(frame, checks)
        ]
    return found
