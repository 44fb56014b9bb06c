"""Row checks: a cheap boolean flag per rule, a message only for the rows that fail.

The flags of a frame are Arrow kernels over whole columns; the human-readable
messages are written in Python for the (few) failing rows only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from hc_reconcile.x12.columns import Array, Frame, no_null

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Check:
    """``flag(frame)`` is True on failing rows; ``message(row)`` explains one.

    ``at`` names the column holding the position of the failing segment.
    """

    flag: Callable[[Frame], Array | npt.NDArray[np.bool_]]
    message: Callable[[Row], str]
    at: str = "segment_position"


def quoted(value: object) -> str:
    """An element for a message: 'value', or (missing) when the element is absent."""
    return "(missing)" if value is None else f"'{value}'"


def _as_bools(values: Array | npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    if isinstance(values, np.ndarray):
        return values
    return np.asarray(no_null(values).to_numpy(zero_copy_only=False), dtype=np.bool_)


def failures(frame: Frame, checks: Sequence[Check]) -> list[tuple[Row, str, int]]:
    """(row, message, position) for every failing check of every row, in frame order."""
    if len(frame) == 0:
        return []
    flags = [_as_bools(check.flag(frame)) for check in checks]
    failing = np.flatnonzero(np.logical_or.reduce(flags))
    if failing.shape[0] == 0:
        return []
    found: list[tuple[Row, str, int]] = []
    for index, row in zip(failing.tolist(), frame.rows(failing), strict=True):
        for check, flag in zip(checks, flags, strict=True):
            if flag[index]:
                found.append((row, check.message(row), int(row.get(check.at) or 0)))
    return found
