"""Compiled loops (numba) for the per-value work Arrow and numpy kernels do slowly.

Turning an element's text into a DECIMAL(18,2) is a small state machine per value
(sign, digits, one point, how many decimals, rounding). Arrow's string-to-decimal cast
plus the checks the contract's pattern needs cost ~55 ns a value; this loop, compiled
by numba, ~10 ns (measured on the large benchmark set, where money and quantities were a
sixth of the parse). It is the one place the money and quantity rules are written
(``columns.money`` / ``columns.quantity`` only wrap it). numba compiles it once per
machine (``cache=True``: the machine code is kept in ``__pycache__``) and is imported
only when an 835 is parsed, so commands that parse none do not pay its ~1 s start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numba
import numpy as np
import numpy.typing as npt

F = TypeVar("F", bound=Callable[..., Any])


def compiled(function: F) -> F:
    """``function`` compiled by numba, its machine code cached on disk when a place is
    writable (``__pycache__`` beside this file, else the user's cache directory); where
    none is (a read-only install, no home), compiled afresh in each process instead."""
    try:
        return numba.njit(cache=True, nogil=True)(function)  # type: ignore[return-value]
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        return numba.njit(nogil=True)(function)  # type: ignore[return-value]


_PLUS, _MINUS, _POINT, _ZERO, _NINE = 43, 45, 46, 48, 57
#: Significant integer digits DECIMAL(18,2) holds.
MAX_INTEGER_DIGITS = 16
#: The least number of cents DECIMAL(18,2) cannot hold (10^18 cents = 10^16).
_CENTS_LIMIT = 10**18


@compiled
def decimal_cents(
    offsets: npt.NDArray[np.int64],
    data: npt.NDArray[np.uint8],
    valid: npt.NDArray[np.bool_],
    cents: npt.NDArray[np.int64],
    round_extra: bool,
) -> None:
    """Each string ``data[offsets[i]:offsets[i + 1]]`` as a whole number of cents, in place.

    On return ``valid[i]`` says whether value ``i`` is a number (it is False for an input
    already null, or empty); ``cents[i]`` is its value in cents where it is.

    A number is ``[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)`` with at most 16 significant integer
    digits (leading zeros do not count). Without ``round_extra`` (money) at most two
    decimals: ``[+-]?([0-9]+(\\.[0-9]{0,2})?|\\.[0-9]{1,2})``, the contract's pattern. With
    it (quantities) more decimals are rounded half-to-even, and a value that rounding
    takes to 10^16 is not a number DECIMAL(18,2) holds.
    """
    for i in range(offsets.shape[0] - 1):
        start = offsets[i]
        end = offsets[i + 1]
        if not valid[i] or start == end:
            valid[i] = False
            cents[i] = 0
            continue
        at = start
        negative = False
        if data[at] == _PLUS or data[at] == _MINUS:
            negative = data[at] == _MINUS
            at += 1
        integer_digits = 0  # digits before the point
        significant = 0  # of them, from the first non-zero one
        decimals = -1  # digits after the point; -1: no point
        value = 0  # the digits kept (integer part and up to two decimals)
        first_extra = 0  # the first decimal after the second, when rounding
        sticky = False  # any non-zero decimal after that one
        ok = True
        while at < end:
            byte = data[at]
            if _ZERO <= byte <= _NINE:
                digit = byte - _ZERO
                if decimals < 0:
                    integer_digits += 1
                    if significant > 0 or digit != 0:
                        significant += 1
                        if significant > MAX_INTEGER_DIGITS:
                            ok = False
                            break
                    value = value * 10 + digit
                else:
                    decimals += 1
                    if decimals <= 2:
                        value = value * 10 + digit
                    elif not round_extra:
                        ok = False
                        break
                    elif decimals == 3:
                        first_extra = digit
                    elif digit != 0:
                        sticky = True
            elif byte == _POINT and decimals < 0:
                decimals = 0
            else:
                ok = False
                break
            at += 1
        if ok and integer_digits == 0 and decimals <= 0:
            ok = False  # no digit at all ("", "+", ".", "-.")
        if not ok:
            valid[i] = False
            cents[i] = 0
            continue
        if decimals <= 0:
            value *= 100
        elif decimals == 1:
            value *= 10
        if first_extra > 5 or (first_extra == 5 and (sticky or value % 2 == 1)):
            value += 1
        if value >= _CENTS_LIMIT:
            valid[i] = False
            cents[i] = 0
            continue
        cents[i] = -value if negative else value


_LF, _CR = 10, 13


@compiled
def segment_bounds(
    buf: npt.NDArray[np.uint8],
    origin: int,
    term: npt.NDArray[np.int64],
    element: int,
    by_two: npt.NDArray[np.uint8],
    third: npt.NDArray[np.uint32],
    three_char: npt.NDArray[np.bool_],
    other: int,
    start: npt.NDArray[np.int64],
    end: npt.NDArray[np.int64],
    kind: npt.NDArray[np.uint8],
) -> None:
    """The text and kind of each segment ending at a terminator ``term[i]``, in place.

    A segment runs from the byte after the previous terminator (``origin`` for the first)
    to its terminator, without the CR/LF around it. Its id is the text before its first
    element separator (the end of the segment counts as one); ``by_two`` gives the kind of
    a known id from its first two characters, ``three_char`` / ``third`` whether the id has
    a third one and which; any other id is ``other``.
    """
    previous = origin
    for i in range(term.shape[0]):
        s = previous
        e = term[i]
        previous = e + 1
        while s < e and (buf[s] == _LF or buf[s] == _CR):
            s += 1
        while e > s and (buf[e - 1] == _LF or buf[e - 1] == _CR):
            e -= 1
        start[i] = s
        end[i] = e
        length = 0
        while length < 4 and s + length < e and buf[s + length] != element:
            length += 1
        found = other
        if length == 2 or length == 3:
            candidate = by_two[buf[s] | (np.int64(buf[s + 1]) << 8)]
            if length == (3 if three_char[candidate] else 2) and (
                length == 2 or buf[s + 2] == third[candidate]
            ):
                found = candidate
        kind[i] = found
