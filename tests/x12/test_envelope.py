"""Tokenizer and envelope: the whole-file quarantine rules, delimiters, layouts, positions."""

from __future__ import annotations

import pytest
from x12_build import BODY, file_835, interchange, isa, simple, transaction

from hc_reconcile.x12 import Parsed835
from hc_reconcile.x12.parser import parse_835_strict

BOM = b"\xef\xbb\xbf"


def quarantined(data: bytes) -> str:
    parsed = parse_835_strict(data)
    assert parsed.quarantine_reason is not None, "expected a quarantined file"
    assert parsed.transactions.height == parsed.rejected.height == parsed.claims.height == 0
    return parsed.quarantine_reason


def loaded(data: bytes) -> Parsed835:
    parsed = parse_835_strict(data)
    assert parsed.quarantine_reason is None, parsed.quarantine_reason
    return parsed


# --- quarantine --------------------------------------------------------------------------


def test_empty_file() -> None:
    assert quarantined(b"") == "the file is empty"
    assert quarantined(BOM) == "the file is empty"


def test_blank_file() -> None:
    assert quarantined(b" \r\n\t \n") == "the file is blank (only whitespace)"


def test_non_ascii_byte() -> None:
    data = simple().replace(b"PAYER ONE", b"PAY\xc3\x89R ONE")
    assert "non-ASCII byte 0xC3" in quarantined(data)
    assert "non-ASCII byte" in quarantined(BOM + data)


def test_leading_bom_is_ignored() -> None:
    assert loaded(BOM + simple()).transactions.height == 1


def test_not_x12() -> None:
    assert "does not start with an ISA segment" in quarantined(b"bad_file\n")
    assert "does not start with an ISA segment" in quarantined(simple()[106:])


def test_truncated_isa() -> None:
    assert "truncated ISA" in quarantined(simple()[:80])


@pytest.mark.parametrize("cut", [200, 400, -30, -1])
def test_truncated_file(cut: int) -> None:
    reason = quarantined(simple()[:cut])
    assert "truncated" in reason or "no IEA" in reason


def test_last_segment_without_terminator() -> None:
    reason = quarantined(simple().rstrip(b"~"))
    assert "no terminator" in reason and "IEA*1*000000001" in reason


def test_garbage_after_the_last_interchange() -> None:
    assert "expected an ISA segment or the end of the file" in quarantined(simple() + b"XYZ~")
    assert "no segment terminator" in quarantined(simple() + b"XYZ")


def test_isa_without_16_elements() -> None:
    # ISA14 dropped: the ISA is 2 characters short, so byte 106 is no longer the terminator
    short = isa().replace("*0*P*:", "*P*:") + "~"
    data = (short + interchange([transaction()])[106:]).encode()
    reason = quarantined(data)
    assert "ISA" in reason


def test_isa_with_too_many_elements() -> None:
    # a separator inside ISA06 (still fixed width): 17 elements
    wide = isa().replace("SENDER         ", "SEND*R         ")
    data = (wide + "~" + interchange([transaction()])[106:]).encode()
    assert "has 17 elements; an ISA has exactly 16" in quarantined(data)


def test_iea01_differs_from_gs_count() -> None:
    reason = quarantined(simple(iea01="2"))
    assert reason == (
        "IEA01='2' at position 15 but the interchange starting at position 1 has 1 "
        "functional group(s)"
    )


def test_iea02_differs_from_isa13() -> None:
    assert "IEA02='000000002' at position 15 differs from ISA13='000000001'" in quarantined(
        simple(iea02="000000002")
    )


def test_ge01_differs_from_st_count() -> None:
    assert quarantined(simple(ge01="3")).startswith(
        "GE01='3' at position 14 but the functional group starting at position 2 has 1"
    )


def test_ge02_differs_from_gs06() -> None:
    assert "GE02='9' at position 14 differs from GS06='1'" in quarantined(simple(ge02="9"))


def test_counts_compare_as_numbers() -> None:
    assert loaded(simple(ge01="0001", iea01="01")).transactions.height == 1


def test_control_numbers_compare_as_strings() -> None:
    assert "IEA02" in quarantined(simple(iea02="1"))


def test_st_without_se() -> None:
    txn = transaction()[:-1]
    reason = quarantined(file_835(interchange([txn])))
    assert reason == "the transaction starting at position 3 has no SE ('GE' at position 13)"


def test_st_inside_a_transaction() -> None:
    txn = transaction()[:-1]
    reason = quarantined(file_835(interchange([txn, transaction(st02="0002")])))
    assert reason == "the transaction starting at position 3 has no SE (next ST at position 13)"


def test_gs_without_ge() -> None:
    text = interchange([transaction()]).replace("GE*1*1~", "")
    assert "has no GE" in quarantined(text.encode())


def test_segment_outside_a_transaction() -> None:
    text = interchange([transaction()]).replace("ST*835", "HL*1~ST*835")
    assert quarantined(text.encode()) == (
        "segment 'HL' at position 3 is outside any transaction: an ST or the GE should be there "
        "(functional group starting at position 2)"
    )


def test_second_isa_before_iea() -> None:
    first = interchange([transaction()]).replace("IEA*1*000000001~", "")
    reason = quarantined(file_835(first, interchange([transaction()], isa13="000000002")))
    assert "'ISA'" in reason


def test_quarantine_is_whole_file() -> None:
    """A fault in the second interchange quarantines the first one too."""
    good = interchange([transaction()])
    bad = interchange([transaction(st02="0002")], isa13="000000002", iea02="000000003")
    assert "IEA02" in quarantined(file_835(good, bad))


# --- layouts and delimiters --------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_crlf_around_segments(newline: str) -> None:
    parsed = loaded(simple(newline=newline))
    assert parsed.transactions.get_column("st_position").to_list() == [3]
    assert parsed.transactions.get_column("trn02").to_list() == ["TRACE1"]


def test_newline_as_terminator() -> None:
    parsed = loaded(simple(terminator="\n"))
    assert parsed.claims.height == 1
    crlf = loaded(simple(terminator="\n").replace(b"\n", b"\r\n"))
    assert crlf.claims.get_column("claim_id").to_list() == ["CLAIM1"]


def test_empty_segments_are_ignored() -> None:
    data = simple().replace(b"~LX*1~", b"~~~LX*1~~")
    parsed = loaded(data)
    assert parsed.transactions.get_column("raw_segment_count").to_list() == [11]


@pytest.mark.parametrize(
    ("element", "component", "terminator"),
    [
        ("|", ">", "\n"),
        ("^", ":", "~"),
        ("*", ">", "~"),
        ("!", "\\", "'"),
        ("\x1d", "\x1f", "\x1c"),
    ],
)
def test_other_delimiters(element: str, component: str, terminator: str) -> None:
    parsed = loaded(
        simple(element=element, component=component, repetition="{", terminator=terminator)
    )
    assert parsed.services.get_column("procedure_code").to_list() == ["99213"]
    assert parsed.services.get_column("procedure").to_list() == [f"HC{component}99213"]


def test_interchanges_with_different_delimiters_and_whitespace_between() -> None:
    first = interchange([transaction(st02="0001")], isa13="000000001", newline="\r\n")
    second = interchange(
        [transaction(st02="0002")], isa13="000000002", element="|", component=">", terminator="\n"
    )
    third = interchange(
        [transaction(st02="0003")], isa13="000000003", component="^", repetition="{"
    )
    data = file_835(first, " \t\r\n", second, "\n\n", third, "  \n")
    parsed = loaded(data)
    txns = parsed.transactions
    assert txns.get_column("st02").to_list() == ["0001", "0002", "0003"]
    assert txns.get_column("isa13").to_list() == ["000000001", "000000002", "000000003"]
    # positions count non-empty segments across the whole file
    assert txns.get_column("st_position").to_list() == [3, 18, 33]
    assert parsed.services.get_column("procedure_code").to_list() == ["99213"] * 3


def test_multiple_groups_and_transactions() -> None:
    groups = [[transaction(st02="1"), transaction(st02="2")], [transaction(st02="3")]]
    parsed = loaded(file_835(interchange(groups=groups, gs06="7")))
    txns = parsed.transactions
    assert txns.get_column("gs06").to_list() == ["7", "7", "71"]
    assert txns.get_column("st_position").to_list() == [3, 14, 27]


def test_interchange_without_groups_loads_nothing() -> None:
    parsed = loaded(file_835(interchange(groups=[])))
    assert parsed.transactions.height == parsed.rejected.height == 0


def test_raw_text_of_a_rejected_transaction_is_capped() -> None:
    body = (*BODY, *[f"LQ*HE*N{k:03d}" for k in range(400)])
    parsed = loaded(file_835(interchange([transaction(body, se01="1")])))
    raw = parsed.rejected.get_column("raw").item()
    assert raw.startswith("ST*835*0001~BPR*")
    assert len(raw) == 2000


def test_segment_texts_come_in_the_order_asked_for() -> None:
    import numpy as np

    from hc_reconcile.x12.tokenizer import tokenize

    (table,) = tokenize(simple()).tables
    rows = np.array([5, 0, 3, 1], dtype=np.int64)
    texts = table.texts(rows).to_pylist()
    assert texts == [table.text_of(int(r)) for r in rows]
    assert table.texts(rows).validate(full=True) is None
