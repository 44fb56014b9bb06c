"""Edge cases the generator never writes: the oracle and the platform's code must agree.

Each test feeds the same hand-made bytes to the reference oracle
(``generate/oracle``) and to the production readers (``ingest`` / ``x12``),
asserts the expected outcome explicitly, and asserts that both give it.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from gen_support import x835

from hc_reconcile.generate.contract import SCHEMA_BY_SOURCE
from hc_reconcile.generate.oracle.csv_reader import read_csv as oracle_read_csv
from hc_reconcile.generate.oracle.warehouse import Warehouse
from hc_reconcile.generate.oracle.x12_reader import read_835
from hc_reconcile.ingest.csv_load import load_csv
from hc_reconcile.landing import list_files
from hc_reconcile.warehouse.ddl import ensure_schema
from hc_reconcile.x12.parser import parse_835_strict

D = date(2026, 11, 23)

# ---------------------------------------------------------------------------------------------
# 835: (quarantined?, ST positions loaded, ST positions rejected) from both implementations

Outcome = tuple[bool, list[int], list[int]]


def code_outcome(data: bytes) -> Outcome:
    parsed = parse_835_strict(data)
    if parsed.quarantine_reason is not None:
        return True, [], []
    return (
        False,
        parsed.transactions["st_position"].to_list(),
        parsed.rejected["st_position"].to_list(),
    )


def oracle_outcome(data: bytes) -> Outcome:
    result = read_835(data)
    if result.quarantined is not None:
        return True, [], []
    return (
        False,
        [t.position for t in result.txns if t.txn is not None],
        [t.position for t in result.txns if t.txn is None],
    )


def both(data: bytes) -> Outcome:
    code, oracle = code_outcome(data), oracle_outcome(data)
    assert code == oracle, f"code {code} != oracle {oracle}"
    return code


def st(*body: str, st02: str = "1") -> str:
    """ST, body, SE (SE01 counted), '~' terminated."""
    segments = [f"ST*835*{st02}", *body, f"SE*{len(body) + 2}*{st02}"]
    return "".join(s + "~" for s in segments)


HEADER = ("BPR*I*80.00*C*CHK", "TRN*1*T1*1999999999")
CLAIM = ("LX*1", "CLP*C1*1*100.00*80.00", "CAS*CO*45*20.00")
GOOD = st(*HEADER, "N1*PR*PAYER*XV*P1", *CLAIM)


@pytest.mark.parametrize(
    "glue",
    ["~~", "~\n~", " ~\t~\r\n", "\n~~~\n"],
    ids=["terminators", "terminator-newline", "mixed-whitespace", "newlines-around"],
)
def test_stray_terminators_between_and_after_interchanges_are_ignored(glue: str) -> None:
    first = x835([GOOD])
    second = x835([st(*HEADER[:1], "TRN*1*T2*1999999999", *CLAIM, st02="2")], isa13="000000002")
    # ISA=1 GS=2 ST=3 (8 segments) GE=11 IEA=12; second ISA=13 GS=14 ST=15
    assert both((first + glue + second + glue).encode()) == (False, [3, 15], [])
    assert both((first + glue).encode()) == (False, [3], [])


def test_text_after_the_last_interchange_still_quarantines() -> None:
    assert both((x835([GOOD]) + "~~X~").encode()) == (True, [], [])


def payer_ids(data: bytes) -> list[str | None]:
    code = parse_835_strict(data).transactions["payer_id"].to_list()
    oracle = [t.txn.payer_id for t in read_835(data).txns if t.txn is not None]
    assert code == oracle
    return code


@pytest.mark.parametrize(
    ("segments", "payer"),
    [
        (("REF*2U*HDR",), "HDR"),
        (("REF*2U*", "REF*2U*SECOND"), "1999999999"),  # the first header REF*2U is empty: TRN03
        (("REF*EV*X", "REF*2U*HDR", "REF*2U*SECOND"), "HDR"),
        (("LX*1", "REF*2U*AFTER_LX"), "1999999999"),  # after the first LX: not the header
        ((), "1999999999"),
    ],
    ids=["header-ref", "empty-header-ref", "first-ref-2u", "ref-after-lx", "no-ref"],
)
def test_payer_id_header_ref_2u_then_trn03(segments: tuple[str, ...], payer: str) -> None:
    body = (*HEADER, "N1*PR*PAYER", *segments)
    body += CLAIM[1:] if "LX*1" in segments else CLAIM
    assert payer_ids(x835([st(*body)]).encode()) == [payer]


def test_payer_id_ignores_ref_2u_in_a_claim_loop() -> None:
    body = (*HEADER, "N1*PR*PAYER", *CLAIM, "REF*2U*IN_CLAIM")
    assert payer_ids(x835([st(*body)]).encode()) == ["1999999999"]


@pytest.mark.parametrize(
    ("segment", "ok"),
    [
        ("CAS*CO*45**1", False),  # CAS03 empty
        ("CAS*CO*45", False),  # CAS03 missing
        ("CAS*CO*45*20.00**1*", True),  # CAS06 empty with CAS05 present: optional, not checked
        ("CAS*CO*45*20.00**1", True),  # CAS06 missing
        ("CAS*CO*45*20.00**1*x", False),
        ("PLB*1234567893*20261231*L6*", False),  # PLB04 empty
        ("PLB*1234567893*20261231*L6", False),  # PLB04 missing
        ("PLB*1234567893*20261231*L6*-1.00*WO*", True),  # PLB06 empty: not checked
        ("PLB*1234567893*20261231*L6*-1.00*WO*x", False),
    ],
)
def test_required_first_cas_and_plb_amounts(segment: str, ok: bool) -> None:
    data = x835([st(*HEADER, "N1*PR*PAYER*XV*P1", *CLAIM, segment)]).encode()
    assert both(data) == ((False, [3], []) if ok else (False, [], [3]))


def test_cas_and_plb_amounts_loaded_alike() -> None:
    body = (*HEADER, "N1*PR*PAYER*XV*P1", "LX*1", "CLP*C1*1*100.00*80.00",
            "CAS*CO*45*15.00**1*", "CAS*PR*2*5.00*1*3*", "PLB*1234567893*20261231*L6*-1.00*WO*")
    data = x835([st(*body)]).encode()
    parsed = parse_835_strict(data)
    (outcome,) = read_835(data).txns
    assert outcome.txn is not None
    assert parsed.adjustments["amount"].to_list() == outcome.txn.clps[0].cas == [
        Decimal("15.00"), Decimal("5.00")]
    assert parsed.provider_adjustments["amount"].to_list() == outcome.txn.plb == [Decimal("-1.00")]


# ---------------------------------------------------------------------------------------------
# CSV: (status, rows loaded, rejected line numbers) from both implementations


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    ensure_schema(c)
    return c


CsvOutcome = tuple[str, int, list[int]]


def csv_both(con: duckdb.DuckDBPyConnection, source: str, text: str | bytes) -> CsvOutcome:
    data = text.encode() if isinstance(text, str) else text
    got = load_csv(con, source=source, business_date=D, file_name="f.csv", file_seq=1, data=data)  # type: ignore[arg-type]
    lines = [r[0] for r in con.execute("SELECT line_no FROM recon.rejected_rows ORDER BY 1").fetchall()]
    code = (got.status, got.rows_loaded, lines)
    res = oracle_read_csv(data, SCHEMA_BY_SOURCE[source])
    oracle = (
        ("quarantined", 0, []) if res.quarantined is not None
        else ("loaded", len(res.rows), [r.line_no for r in res.rejected])
    )
    assert code == oracle, f"code {code} != oracle {oracle}"
    return code


POSTINGS = "posting_id,claim_id,posting_type,amount,post_date,trace_number,group_reason\n"
GOOD_POSTING = "P1,C1,PAYMENT,10.00,2026-11-20,T1,CO-45\n"


@pytest.mark.parametrize("row", [",,,,,,,X\n", ",,,,,,,,,\n", ',,,,,,,""\n'])
def test_row_with_data_only_beyond_the_header_is_all_empty(
    con: duckdb.DuckDBPyConnection, row: str
) -> None:
    assert csv_both(con, "postings", POSTINGS + row + GOOD_POSTING) == ("loaded", 1, [])


def test_data_beyond_the_header_does_not_save_an_empty_row_from_rejection(
    con: duckdb.DuckDBPyConnection,
) -> None:
    row = "P2,,,,,,,X\n"  # not all-empty: required values missing
    assert csv_both(con, "postings", POSTINGS + row + GOOD_POSTING) == ("loaded", 1, [2])


@pytest.mark.parametrize(
    ("amount", "ok"),
    [("9999999999999999.99", True), ("-00009999999999999999.99", True), ("10000000000000000", False),
     ("+12345678901234567.5", False)],
)
def test_money_must_fit_decimal_18_2(con: duckdb.DuckDBPyConnection, amount: str, ok: bool) -> None:
    row = f"P1,C1,PAYMENT,{amount},2026-11-20,T1,CO-45\n"
    assert csv_both(con, "postings", POSTINGS + row) == (("loaded", 1, []) if ok else ("loaded", 0, [2]))


@pytest.mark.parametrize(("units", "ok"), [("999999999999999999", True), ("1000000000000000000", False)])
def test_units_must_fit_bigint(con: duckdb.DuckDBPyConnection, units: str, ok: bool) -> None:
    data = (
        "charge_id,account_id,claim_id,facility_id,service_date,post_date,cpt_code,revenue_code,units,amount\n"
        f"CH1,A1,,F1,2026-11-19,2026-11-20,99213,0510,{units},10.00\n"
    )
    assert csv_both(con, "charges", data) == (("loaded", 1, []) if ok else ("loaded", 0, [2]))


@pytest.mark.parametrize(
    ("segment", "ok"),
    [("CLP*C1*1*100.00*9999999999999999.99", True), ("CLP*C1*1*100.00*12345678901234567", False)],
)
def test_835_money_must_fit_decimal_18_2(segment: str, ok: bool) -> None:
    data = x835([st(*HEADER, "N1*PR*PAYER*XV*P1", "LX*1", segment)]).encode()
    assert both(data) == ((False, [3], []) if ok else (False, [], [3]))


@pytest.mark.parametrize(
    ("post_date", "ok"),
    [("0000-01-01", False), ("0000-02-29", False), ("0001-01-01", True), ("2024-02-29", True)],
)
def test_year_0000_is_not_a_real_date(
    con: duckdb.DuckDBPyConnection, post_date: str, ok: bool
) -> None:
    row = f"P1,C1,PAYMENT,10.00,{post_date},,\n"
    assert csv_both(con, "postings", POSTINGS + row) == (("loaded", 1, []) if ok else ("loaded", 0, [2]))


REFERRALS = (
    "referral_id,patient_id,first_name,last_name,birth_date,referral_date,status,last_modified\n"
)


@pytest.mark.parametrize(
    ("stamp", "ok"),
    [
        ("2026-11-01T23:59:59", True),
        ("2026-11-01 00:00:00.5+05:30", True),
        ("2026-11-01T24:00:00", False),
        ("2026-11-01 24:00:00Z", False),
        ("2026-11-01T23:60:00", False),
        ("2026-11-01T23:59:60", False),
        ("0000-01-01T10:00:00", False),
    ],
)
def test_last_modified_time_of_day(con: duckdb.DuckDBPyConnection, stamp: str, ok: bool) -> None:
    row = f"R1,P1,A,B,1980-01-01,2026-10-01,New,{stamp}\n"
    assert csv_both(con, "referrals", REFERRALS + row) == (("loaded", 1, []) if ok else ("loaded", 0, [2]))


@pytest.mark.parametrize(
    "row",
    [
        'P1,C"1,PAYMENT,10.00,2026-11-20,,\n',  # stray quote inside an unquoted field
        'P1,C"1",PAYMENT,10.00,2026-11-20,,\n',
        'P1,"C1"x,PAYMENT,10.00,2026-11-20,,\n',  # text after the closing quote
        'P1,C1,PAYMENT,10.00,2026-11-20,,,"x\n',  # never closed (beyond the header)
        "P1,C\x001,PAYMENT,10.00,2026-11-20,,\n",  # NUL byte
    ],
    ids=["stray-quote", "quotes-inside-unquoted", "text-after-close", "unclosed", "nul"],
)
def test_invalid_csv_is_quarantined(con: duckdb.DuckDBPyConnection, row: str) -> None:
    assert csv_both(con, "postings", POSTINGS + GOOD_POSTING + row) == ("quarantined", 0, [])


@pytest.mark.parametrize(
    "row",
    ['"P1","C1","PAYMENT","10.00","2026-11-20","T ""1""",""\n', 'P1,"C,1\n2",PAYMENT,1,2026-11-20,,\n'],
    ids=["doubled-quotes", "comma-and-newline"],
)
def test_valid_quoting_loads(con: duckdb.DuckDBPyConnection, row: str) -> None:
    assert csv_both(con, "postings", POSTINGS + row) == ("loaded", 1, [])


@pytest.mark.parametrize(
    "header",
    ["posting_id,claim_id,posting_type,amount,amount,post_date\n", "posting_id,claim_id,posting_type,amount,post_date,note,note\n"],
    ids=["contract-column", "extra-column"],
)
def test_header_repeating_a_column_name_is_quarantined(con: duckdb.DuckDBPyConnection, header: str) -> None:
    assert csv_both(con, "postings", header + "P1,C1,PAYMENT,10.00,10.00,2026-11-20,x\n") == ("quarantined", 0, [])


def test_nul_reason_is_equivalent(con: duckdb.DuckDBPyConnection) -> None:
    data = (POSTINGS + "P1,C\x001,PAYMENT,10.00,2026-11-20,,\n").encode()
    code = load_csv(con, source="postings", business_date=D, file_name="f.csv", file_seq=1, data=data)
    oracle = oracle_read_csv(data, SCHEMA_BY_SOURCE["postings"]).quarantined
    assert "NUL byte" in (code.reason or "") and "NUL byte" in (oracle or "")


# ---------------------------------------------------------------------------------------------
# Landing: symlinks are not regular files


def test_symlinked_landing_files_are_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "claims.csv").write_text("claim_id,account_id,facility_id,total_charge,submitted_date\n")
    (outside / "p.835").write_text(x835([GOOD]))
    folder = tmp_path / "landing" / D.isoformat()
    (folder / "billing").mkdir(parents=True)
    (folder / "remit").mkdir()
    (folder / "billing" / "claims_001.csv").write_text(
        "claim_id,account_id,facility_id,total_charge,submitted_date\nC1,A1,F01,100.00,2026-11-01\n"
    )
    os.symlink(outside / "claims.csv", folder / "billing" / "claims_002.csv")
    os.symlink(outside / "p.835", folder / "remit" / "a.835")
    (folder / "remit" / "b.835").write_text(x835([GOOD]))

    code = [f.name for f in list_files(tmp_path / "landing", D)]
    wh = Warehouse()
    wh.load_folder(folder, D)
    oracle = [f.file_name for f in wh.file_log]
    assert code == oracle == ["claims_001.csv", "b.835"]
