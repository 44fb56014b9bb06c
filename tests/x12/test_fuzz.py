"""Property test: mutated 835 files never raise, and every ST is accounted for.

Mutations of good files: cut, duplicate, swap and delete segments; change the
delimiters consistently; drop a terminator; insert garbage bytes. For every
outcome: ``parse_835`` does not raise, and unless the file is quarantined,
valid + rejected transactions are exactly the ST segments of the file (found
by an independent, naive reading), with fixed frame schemas.

Examples: ~3000 by default (under a minute); set HC_FUZZ_EXAMPLES for more.
"""

from __future__ import annotations

import os
import re

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from x12_build import BODY, file_835, interchange, transaction
from x12_samples import good_samples

from hc_reconcile.x12 import SCHEMAS
from hc_reconcile.x12.parser import parse_835_strict

TOTAL = int(os.environ.get("HC_FUZZ_EXAMPLES", "3000"))


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max(1, max_examples),
        deadline=None,
        derandomize=os.environ.get("HC_FUZZ_RANDOM") is None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


SMALL_SAMPLES = [p.read_bytes() for p in good_samples() if p.stat().st_size < 4000]
BUILT = [
    file_835(
        interchange([transaction(st02="1"), transaction(BODY[:5], st02="2")], newline="\n"),
        interchange([transaction(st02="3")], isa13="000000002", element="|", terminator="\n"),
    ),
    file_835(interchange(groups=[[transaction(st02="1")], [transaction(st02="2")]])),
]
BASES = SMALL_SAMPLES + BUILT

_WS = re.compile(rb"[ \t\r\n]*")


def reference_st_positions(data: bytes) -> list[int]:
    """Positions of the ST segments, read naively (only called for files that loaded)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("ascii")
    positions: list[int] = []
    position = 0
    offset = _WS.match(data).end()  # type: ignore[union-attr]
    while offset < len(text):
        element, terminator = text[offset + 3], text[offset + 105]
        segment_id = ""
        start = offset
        while segment_id != "IEA":
            end = text.index(terminator, start)
            segment = text[start:end].strip("\r\n")
            if start == offset:
                segment = text[offset : offset + 105]
            start = end + 1
            if not segment:
                continue
            position += 1
            segment_id = segment.split(element, 1)[0]
            if segment_id == "ST":
                positions.append(position)
        offset = start
        while offset < len(text) and text[offset] in " \t\r\n" + terminator:
            offset += 1
    return positions


def check(data: bytes) -> None:
    parsed = parse_835_strict(data)  # must not raise
    for name, schema in SCHEMAS.items():
        assert getattr(parsed, name).schema == schema, name
    if parsed.quarantine_reason is not None:
        assert parsed.quarantine_reason.strip()
        assert all(getattr(parsed, name).height == 0 for name in SCHEMAS)
        return
    valid = parsed.transactions.get_column("st_position").to_list()
    rejected = parsed.rejected.get_column("st_position").to_list()
    assert not set(valid) & set(rejected)
    assert sorted(valid + rejected) == reference_st_positions(data)
    assert all(reason for reason in parsed.rejected.get_column("reason").to_list())
    for name in ("claims", "services", "adjustments", "provider_adjustments"):
        frame: pl.DataFrame = getattr(parsed, name)
        assert set(frame.get_column("st_position").to_list()) <= set(valid), name


def segments_of(data: bytes) -> tuple[bytes, list[bytes]]:
    terminator = data[105:106] if len(data) > 105 else b"~"
    return terminator, data.split(terminator)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 4))):
        terminator, parts = segments_of(data)
        n = len(parts)
        op = draw(
            st.sampled_from(["cut", "duplicate", "swap", "delete", "drop_terminator", "garbage"])
        )
        if op == "cut":
            data = data[: draw(st.integers(0, len(data)))]
        elif op == "duplicate":
            i = draw(st.integers(0, n - 1))
            data = terminator.join(parts[: i + 1] + parts[i:])
        elif op == "swap":
            i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            parts[i], parts[j] = parts[j], parts[i]
            data = terminator.join(parts)
        elif op == "delete":
            i = draw(st.integers(0, n - 1))
            data = terminator.join(parts[:i] + parts[i + 1 :])
        elif op == "drop_terminator":
            hits = [m.start() for m in re.finditer(re.escape(terminator), data)]
            if hits:
                k = draw(st.sampled_from(hits))
                data = data[:k] + data[k + 1 :]
        else:
            k = draw(st.integers(0, len(data)))
            junk = draw(
                st.one_of(
                    st.binary(min_size=1, max_size=8),
                    st.sampled_from(
                        [b" ", b"\t", b"\r\n", b"~", b"*", b":", b"~~", b"\xef\xbb\xbf"]
                    ),
                )
            )
            data = data[:k] + junk + data[k:]
    return data


@st.composite
def redelimited(draw: st.DrawFn) -> bytes:
    """A good file with its element / component / terminator changed consistently."""
    data = draw(st.sampled_from(BASES))
    if len(data) < 106:
        return data
    old = {"element": data[3:4], "component": data[104:105], "terminator": data[105:106]}
    which = draw(st.sampled_from(sorted(old)))
    unused = [bytes([b]) for b in range(1, 128) if bytes([b]) not in data]
    new = draw(st.sampled_from(unused)) if unused else old[which]
    data = data.replace(old[which], new)
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


@fuzz_settings(TOTAL * 2 // 3)
@given(mutated())
def test_mutated_files_never_raise_and_account_for_every_st(data: bytes) -> None:
    check(data)


@fuzz_settings(TOTAL // 3)
@given(redelimited())
def test_consistent_delimiter_changes(data: bytes) -> None:
    check(data)


def test_good_files_pass_the_property() -> None:
    for data in BASES:
        parsed = parse_835_strict(data)
        assert parsed.quarantine_reason is None
        check(data)
