"""Layer 2 of the 835 engine: ISA/IEA, GS/GE and ST/SE envelopes.

Whole-file quarantine (CONTRACT.md section 1), checked per segment table:

* nesting ``(ISA (GS (ST ... SE)* GE)* IEA)+`` (something else where an ISA,
  a GS or an ST should start; an ST without SE; a GS without GE) - checked
  first, with a regular expression over the segment kinds;
* the ISA has not exactly 16 elements;
* IEA01 differs from the number of GS in the interchange, IEA02 from ISA13;
* GE01 differs from the number of ST in the group, GE02 from GS06.

Counts compare as integers (``0001`` = 1; a count that is not all digits
never matches); control numbers compare as exact strings.

Per transaction (rejection, not quarantine): ST01 is not ``835``; SE01
differs from the number of segments from ST to SE inclusive; SE02 differs
from ST02.

Once the nesting holds, the n-th ISA pairs with the n-th IEA, GS with GE and
ST with SE, so the checks are column-wise comparisons of aligned frames.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hc_reconcile.x12.checks import Check, failures, quoted
from hc_reconcile.x12.columns import Array, Frame, count, differs, no_null, string_scalar
from hc_reconcile.x12.fields import SegmentFrames
from hc_reconcile.x12.tokenizer import Kind, SegmentTable

#: ST01 of an 835 transaction set, as a kernel argument.
ST01_835 = string_scalar("835")

_ENVELOPE_NESTING = re.compile(rb"(?:I(?:G(?:Ss)*g)*i)+")


def _nesting_holds(table: SegmentTable) -> bool:
    """The envelope segments nest, and every other segment is inside an ST ... SE."""
    envelope = table.rows(Kind.ISA, Kind.IEA, Kind.GS, Kind.GE, Kind.ST, Kind.SE)
    if not _ENVELOPE_NESTING.fullmatch(table.kind[envelope].tobytes()):
        return False
    # The envelopes nesting, the n-th SE closes the n-th ST and only body rows lie between
    # them: every body row is inside a transaction when those spans hold all of them.
    inside = int(np.sum(table.rows(Kind.SE) - table.rows(Kind.ST) - 1))
    return inside == table.size - int(envelope.shape[0])


_ENVELOPE_KINDS = frozenset({Kind.ISA, Kind.IEA, Kind.GS, Kind.GE, Kind.ST, Kind.SE})
_KIND_VALUES = frozenset(int(k) for k in Kind)
MAX_LISTED_PROBLEMS = 5


def join_problems(problems: list[str] | tuple[str, ...]) -> str:
    """A readable list of problems, the first few in full."""
    shown = "; ".join(problems[:MAX_LISTED_PROBLEMS])
    extra = len(problems) - MAX_LISTED_PROBLEMS
    return f"{shown}; and {extra} more" if extra > 0 else shown


def _segment_id(table: SegmentTable, row: int) -> str:
    text = table.text_of(row, limit=24)
    return repr(text.split(table.element, 1)[0][:10])


def nesting_problem(table: SegmentTable) -> str | None:
    """None when the table nests as (ISA (GS (ST ... SE)* GE)* IEA)+, else what breaks it."""
    if _nesting_holds(table):
        return None
    codes = table.kind.tobytes()
    state = "top"
    opened = {"ISA": 0, "GS": 0, "ST": 0}
    for row, code in enumerate(codes):
        kind = Kind(code) if code in _KIND_VALUES else Kind.OTHER
        pos = int(table.position[row])
        if state == "top":
            if kind is not Kind.ISA:
                return (
                    f"segment {_segment_id(table, row)} at position {pos} where an ISA should start"
                )
            state, opened["ISA"] = "isa", pos
        elif state == "isa":
            if kind is Kind.GS:
                state, opened["GS"] = "gs", pos
            elif kind is Kind.IEA:
                state = "top"
            else:
                return (
                    f"segment {_segment_id(table, row)} at position {pos} where a GS or the IEA "
                    f"should be (interchange starting at position {opened['ISA']})"
                )
        elif state == "gs":
            if kind is Kind.ST:
                state, opened["ST"] = "st", pos
            elif kind is Kind.GE:
                state = "isa"
            elif kind is Kind.IEA:
                return (
                    f"the functional group starting at position {opened['GS']} has no GE "
                    f"(IEA at position {pos})"
                )
            else:
                return (
                    f"segment {_segment_id(table, row)} at position {pos} is outside any "
                    f"transaction: an ST or the GE should be there (functional group starting "
                    f"at position {opened['GS']})"
                )
        elif kind is Kind.SE:
            state = "gs"
        elif kind is Kind.ST:
            return (
                f"the transaction starting at position {opened['ST']} has no SE "
                f"(next ST at position {pos})"
            )
        elif kind in _ENVELOPE_KINDS:
            return (
                f"the transaction starting at position {opened['ST']} has no SE "
                f"({_segment_id(table, row)} at position {pos})"
            )
    where = {"isa": "interchange", "gs": "functional group", "st": "transaction"}.get(state)
    return f"the file ends inside a {where}" if where else "the envelope nesting is broken"


Rejection = tuple[int, int, str]  # (st_position, segment_position, reason)


@dataclass(frozen=True, eq=False)
class Envelope:
    """The envelope checks of one table whose nesting holds.

    ``problems``: messages, each quarantines the file (in file order).
    ``transactions``: one row per ST: st_position, se_position, isa13, gs06,
    st01, st02, segment_count.
    ``rejections``: the ST01 / SE01 / SE02 rule failures.
    """

    problems: list[str]
    transactions: Frame
    rejections: list[Rejection]


def _count_differs(frame: Frame, column: str, expected: str) -> Array:
    return differs(count(frame.arrow(column)), frame.arrow(expected))


def _differs(left: str, right: str) -> Callable[[Frame], Array]:
    return lambda frame: differs(frame.arrow(left), frame.arrow(right))


_INTERCHANGE_CHECKS = [
    Check(
        lambda f: _count_differs(f, "e01", "expected"),
        lambda r: (
            f"IEA01={quoted(r['e01'])} at position {r['segment_position']} but the interchange "
            f"starting at position {r['isa_position']} has {r['expected']} functional group(s)"
        ),
    ),
    Check(
        _differs("e02", "isa13"),
        lambda r: (
            f"IEA02={quoted(r['e02'])} at position {r['segment_position']} differs from "
            f"ISA13={quoted(r['isa13'])} (interchange starting at position {r['isa_position']})"
        ),
    ),
]
_GROUP_CHECKS = [
    Check(
        lambda f: _count_differs(f, "e01", "expected"),
        lambda r: (
            f"GE01={quoted(r['e01'])} at position {r['segment_position']} but the functional "
            f"group starting at position {r['gs_position']} has {r['expected']} transaction "
            f"set(s)"
        ),
    ),
    Check(
        _differs("e02", "gs06"),
        lambda r: (
            f"GE02={quoted(r['e02'])} at position {r['segment_position']} differs from "
            f"GS06={quoted(r['gs06'])} (functional group starting at position "
            f"{r['gs_position']})"
        ),
    ),
]
_TRANSACTION_CHECKS = [
    Check(
        lambda f: pc.invert(no_null(pc.equal(f.arrow("st01"), ST01_835))),
        lambda r: (
            f"ST01={quoted(r['st01'])} at position {r['st_position']}: not an 835 transaction set"
        ),
        at="st_position",
    ),
    Check(
        lambda f: _count_differs(f, "se01", "segment_count"),
        lambda r: (
            f"SE01={quoted(r['se01'])} but the transaction has {r['segment_count']} segments "
            f"(ST and SE included)"
        ),
        at="se_position",
    ),
    Check(
        _differs("se02", "st02"),
        lambda r: (
            f"SE02={quoted(r['se02'])} at position {r['se_position']} differs from "
            f"ST02={quoted(r['st02'])}"
        ),
        at="se_position",
    ),
]


def check_envelope(frames: SegmentFrames) -> Envelope:
    """Control numbers and counts of the envelopes of one table (nesting already holds).

    Nesting holding, the n-th ISA pairs with the n-th IEA, GS with GE and ST
    with SE, so every check is a comparison of aligned columns.
    """
    table = frames.table
    isa = frames[Kind.ISA]
    found: list[tuple[int, str]] = []
    counts = isa.numpy("element_count")
    positions = isa.numpy("segment_position")
    for k in np.flatnonzero(counts != 16).tolist():
        found.append(
            (
                int(positions[k]),
                f"the ISA at position {int(positions[k])} has {int(counts[k])} elements; an ISA "
                f"has exactly 16 (delimiters read from the fixed-width ISA: "
                f"{table.delimiters(k).describe()})",
            )
        )
    interchanges = frames[Kind.IEA].with_columns(
        isa_position=isa["segment_position"], isa13=isa["e13"]
    )
    gs = frames[Kind.GS]
    groups = frames[Kind.GE].with_columns(gs_position=gs["segment_position"], gs06=gs["e06"])
    for frame, checks in ((interchanges, _INTERCHANGE_CHECKS), (groups, _GROUP_CHECKS)):
        found += [(position, message) for _, message, position in failures(frame, checks)]
    problems = [message for _, message in sorted(found, key=lambda failure: failure[0])]

    st = frames[Kind.ST]
    se = frames[Kind.SE]
    st_position = st.numpy("segment_position")
    se_position = se.numpy("segment_position")
    isa13 = isa.arrow("e13")
    gs06 = gs.arrow("e06")
    transactions = Frame(
        {
            "st_position": st_position,
            "se_position": se_position,
            "isa13": pc.take(isa13, pa.array(st.numpy("isa_ord"))) if len(st) else st["e01"],
            "gs06": pc.take(gs06, pa.array(st.numpy("gs_ord"))) if len(st) else st["e01"],
            "st01": st["e01"],
            "st02": st["e02"],
            "segment_count": se_position - st_position + 1,
        },
        len(st),
    )
    checked = transactions.with_columns(se01=se["e01"], se02=se["e02"])
    rejections = [
        (row["st_position"], position, message)
        for row, message, position in failures(checked, _TRANSACTION_CHECKS)
    ]
    return Envelope(problems=problems, transactions=transactions, rejections=rejections)
