"""parse_835: tokenizer -> envelope -> rules and loops -> Parsed835.

Per segment table: numpy for positions and context, Arrow kernels for the
strings (so a small file costs a few milliseconds); the result is Arrow
tables (``model.ARROW_SCHEMAS``).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from hc_reconcile.x12 import loops
from hc_reconcile.x12.columns import Frame
from hc_reconcile.x12.envelope import Rejection, check_envelope, join_problems, nesting_problem
from hc_reconcile.x12.fields import segment_frames
from hc_reconcile.x12.model import ARROW_SCHEMAS, Parsed835
from hc_reconcile.x12.rules import content_rejections
from hc_reconcile.x12.tokenizer import Kind, SegmentTable, tokenize

RAW_LIMIT = 2000
_OUTPUTS = ("transactions", "rejected", "claims", "services", "adjustments", "provider_adjustments")


def parse_835(data: bytes) -> Parsed835:
    """Parse one 835 file. Never raises on bad input.

    The outcome is either a quarantine reason (nothing loads) or the frames
    of the valid transactions plus one ``rejected`` row per rejected
    transaction. An unexpected internal error is reported as a quarantine
    reason too, so that one odd file never stops the night.
    """
    try:
        return parse_835_strict(bytes(data))
    except Exception as exc:  # defensive: bad input must never raise
        return Parsed835.quarantine(f"the 835 parser failed on this file: {exc!r}")


def parse_835_strict(data: bytes) -> Parsed835:
    """parse_835 without the safety net (tests use it: internal errors propagate)."""
    tokens = tokenize(data)
    if tokens.quarantine_reason is not None:
        return Parsed835.quarantine(tokens.quarantine_reason)
    problems: list[str] = []
    for table in tokens.tables:
        problem = nesting_problem(table)
        if problem is not None:
            return Parsed835.quarantine(problem)
    parts: list[dict[str, pa.Table]] = []
    for table in tokens.tables:
        found, frames = _table_frames(table)
        problems.extend(found)
        if not problems:
            parts.append(frames)
    if problems:
        return Parsed835.quarantine(join_problems(problems))
    if not parts:  # (not reached: a file that is not quarantined has a table)
        return Parsed835.quarantine("the file has no interchange")
    if len(parts) == 1:
        return Parsed835(quarantine_reason=None, tables=parts[0])
    # Tables (one per element separator) may interleave: put the rows back in file order
    # (Arrow's sort is stable).
    merged = {}
    for name in _OUTPUTS:
        table = pa.concat_tables([p[name] for p in parts]).combine_chunks()
        keys = [k for k in ("st_position", "segment_position") if k in table.column_names]
        merged[name] = table.sort_by([(k, "ascending") for k in keys])
    return Parsed835(quarantine_reason=None, tables=merged)


def _table_frames(table: SegmentTable) -> tuple[list[str], dict[str, pa.Table]]:
    """(quarantine problems, frames) of one segment table whose nesting holds."""
    frames = segment_frames(table)
    envelope = check_envelope(frames)
    if envelope.problems:
        return envelope.problems, {}
    values = loops.evaluate(frames)
    reasons = envelope.rejections + content_rejections(
        transactions=envelope.transactions, values=values
    )
    rejected = _rejected(table, envelope.transactions, reasons)
    rejected_st = np.array(sorted({st for st, _, _ in reasons}), dtype=np.int64)

    def kept(frame: Frame) -> Frame:
        if rejected_st.shape[0] == 0:
            return frame
        return frame.filter(~np.isin(frame.numpy("st_position"), rejected_st))

    separator = values.component
    clp = values[Kind.CLP]
    return [], {
        "transactions": loops.transactions_frame(kept(envelope.transactions), values),
        "rejected": rejected,
        "claims": loops.claims_frame(kept(clp)),
        "services": loops.services_frame(
            kept(values[Kind.SVC]), clp=clp, component_separator=separator
        ),
        "adjustments": loops.adjustments_frame(kept(values[Kind.CAS]), clp=clp),
        "provider_adjustments": loops.provider_adjustments_frame(
            kept(values[Kind.PLB]), component_separator=separator
        ),
    }


def _rejected(table: SegmentTable, transactions: Frame, reasons: list[Rejection]) -> pa.Table:
    """One row per rejected transaction: reasons in segment order, raw text from the file."""
    if not reasons:
        return ARROW_SCHEMAS["rejected"].empty_table()
    by_st: dict[int, list[tuple[int, str]]] = {}
    for st_position, segment_position, reason in reasons:
        by_st.setdefault(st_position, []).append((segment_position, reason))
    st = transactions.numpy("st_position")
    picked = transactions.rows(np.flatnonzero(np.isin(st, np.array(list(by_st)))))
    rows = [
        {
            "st_position": row["st_position"],
            "st02": row["st02"],
            "reason": join_problems(
                [reason for _, reason in sorted(by_st[row["st_position"]], key=lambda x: x[0])]
            ),
            "raw": table.span_text(row["st_position"], row["se_position"], limit=RAW_LIMIT),
        }
        for row in picked
    ]
    return pa.Table.from_pylist(rows, schema=ARROW_SCHEMAS["rejected"])
