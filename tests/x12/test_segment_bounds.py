"""The tokenizer's compiled pass (strip CR/LF, read the segment id) against a plain reading.

The reference splits each segment's text on the element separator and looks its first
piece up among the known ids, whatever the separator (a letter or a digit included),
as CONTRACT §1 reads a segment.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hc_reconcile.x12.tokenizer import Kind, _make_pass

IDS = {k.name: k for k in Kind if k is not Kind.OTHER}


def reference(data: bytes, *, element: int, terminator: int) -> list[tuple[int, int, int]]:
    """(start, end, kind) of every segment: text between terminators, CR/LF stripped."""
    out = []
    previous = 0
    for at, byte in enumerate(data):
        if byte != terminator:
            continue
        start, end = previous, at
        previous = at + 1
        while start < end and data[start] in b"\r\n":
            start += 1
        while end > start and data[end - 1] in b"\r\n":
            end -= 1
        name = data[start:end].split(bytes([element]), 1)[0].decode("latin-1")
        out.append((start, end, int(IDS.get(name, Kind.OTHER))))
    return out


def tokens(data: bytes, *, element: int, terminator: int) -> list[tuple[int, int, int]]:
    buf = np.frombuffer(data, dtype=np.uint8)
    found = _make_pass(buf, 0, len(data), element=element, terminator=terminator)
    return list(zip(found.start.tolist(), found.end.tolist(), found.kind.tolist(), strict=True))


_PIECES = st.sampled_from([*IDS, "CA", "CL", "N", "NM1", "ISAX", "LQ", "", "\n", "\r\n", "*", "A", "1", ":", "~", "00", "X"])


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["*", "|", "A", "1", "^", "S"]))
def test_segments_are_read_as_a_plain_split_reads_them(pieces: list[str], element: str) -> None:
    data = "".join(pieces).encode("latin-1")
    assert tokens(data, element=ord(element), terminator=ord("~")) == reference(
        data, element=ord(element), terminator=ord("~")
    )


def test_a_letter_as_element_separator_cuts_the_ids_it_is_in() -> None:
    data = b"CLPA1~CASACO~N1APR~\nSEA1~"
    assert [kind for *_, kind in tokens(data, element=ord("A"), terminator=ord("~"))] == [
        int(Kind.CLP), int(Kind.OTHER), int(Kind.N1), int(Kind.SE)  # "CAS" reads as "C"
    ]


def test_ids_are_whole_known_ids_only() -> None:
    data = b"CL*1~CA~CLPX*1~N*1~N1~N1X*~NM1*QC~LX*1~L~\r\nCLP~\r\n~SV*~SVC"
    assert [kind for *_, kind in tokens(data, element=ord("*"), terminator=ord("~"))] == [
        int(Kind.OTHER), int(Kind.OTHER), int(Kind.OTHER), int(Kind.OTHER), int(Kind.N1),
        int(Kind.OTHER), int(Kind.OTHER), int(Kind.LX), int(Kind.OTHER), int(Kind.CLP),
        int(Kind.OTHER), int(Kind.OTHER),  # the empty segment, "SV"; "SVC" has no terminator
    ]
    assert tokens(data, element=ord("*"), terminator=ord("~")) == reference(
        data, element=ord("*"), terminator=ord("~")
    )
