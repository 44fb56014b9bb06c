"""CSV row and file rules of CONTRACT §1, one bad-input kind per test, through the real loader."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from hc_reconcile.ingest.csv_load import load_csv
from hc_reconcile.warehouse.ddl import ensure_schema

D = date(2026, 11, 23)
POSTINGS_HEADER = "posting_id,claim_id,posting_type,amount,post_date,trace_number,group_reason\n"


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    ensure_schema(c)
    return c


def load(con: duckdb.DuckDBPyConnection, data: bytes | str, source: str = "postings"):  # type: ignore[no-untyped-def]
    raw = data.encode() if isinstance(data, str) else data
    return load_csv(con, source=source, business_date=D, file_name="f.csv", file_seq=1, data=raw)  # type: ignore[arg-type]


def rejected(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute('SELECT line_no, "column", reason FROM recon.rejected_rows ORDER BY line_no').fetchall()


def test_valid_rows_load_with_exact_money_and_lineage(con: duckdb.DuckDBPyConnection) -> None:
    outcome = load(con, POSTINGS_HEADER + "P1,C1,PAYMENT,10.5,2026-11-20,T1,CO-45\nP2,C1,REVERSAL,-.25,2026-11-21,,\n")
    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("loaded", 2, 0)
    rows = con.execute("SELECT posting_id, amount, typeof(amount), file_line, trace_number FROM raw.postings ORDER BY 1").fetchall()
    assert [(r[0], str(r[1]), r[2], r[3], r[4]) for r in rows] == [
        ("P1", "10.50", "DECIMAL(18,2)", 2, "T1"),
        ("P2", "-0.25", "DECIMAL(18,2)", 3, None),
    ]


@pytest.mark.parametrize(
    ("value", "ok"),
    [("5", True), ("+5.", True), (".5", True), ("-0.01", True), ("$5", False), ("1,000.00", False),
     ("1e3", False), ("12.345", False), ("abc", False), (" 5", False), ("", False)],
)
def test_money_pattern(con: duckdb.DuckDBPyConnection, value: str, ok: bool) -> None:
    outcome = load(con, POSTINGS_HEADER + f'P1,C1,PAYMENT,"{value}",2026-11-20,,\n')
    assert outcome.rows_loaded == (1 if ok else 0)
    assert outcome.rows_rejected == (0 if ok else 1)
    if not ok:
        assert rejected(con)[0][1] == "amount"


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "26-11-01", "2026/11/01", "20261101", "0000-01-01"])
def test_impossible_or_malformed_dates_are_rejected(con: duckdb.DuckDBPyConnection, value: str) -> None:
    assert load(con, POSTINGS_HEADER + f"P1,C1,PAYMENT,1,{value},,\n").rows_rejected == 1
    assert rejected(con)[0][1:] == ("post_date", f"post_date: not a real date written YYYY-MM-DD (got {value})")


def test_enum_is_case_sensitive(con: duckdb.DuckDBPyConnection) -> None:
    outcome = load(con, POSTINGS_HEADER + "P1,C1,payment,1,2026-11-20,,\nP2,C1,PAYMENT,1,2026-11-20,,\n")
    assert (outcome.rows_loaded, outcome.rows_rejected) == (1, 1)
    assert rejected(con)[0][:2] == (2, "posting_type")


def test_empty_required_field_and_several_failures_in_one_row(con: duckdb.DuckDBPyConnection) -> None:
    outcome = load(con, POSTINGS_HEADER + ',C1,PAYMENT,x,2026-02-30,,\n')
    assert outcome.rows_rejected == 1
    line, column, reason = rejected(con)[0]
    assert (line, column) == (2, "posting_id")
    assert "posting_id: required value is empty" in reason and "amount:" in reason and "post_date:" in reason


def test_units_must_be_whole(con: duckdb.DuckDBPyConnection) -> None:
    header = "charge_id,account_id,facility_id,service_date,post_date,cpt_code,units,amount\n"
    rows = "".join(f"X{i},A,F,2026-11-01,2026-11-02,99213,{u},1\n" for i, u in enumerate(["2", "+3", "1.0", "1.", "x"]))
    outcome = load(con, header + rows, source="charges")
    assert (outcome.rows_loaded, outcome.rows_rejected) == (2, 3)


def test_last_modified_formats(con: duckdb.DuckDBPyConnection) -> None:
    header = "referral_id,patient_id,first_name,last_name,birth_date,referral_date,status,last_modified\n"
    good = ["2026-11-01T10:00:00", "2026-11-01 10:00:00", "2026-11-01T10:00:00.123Z", "2026-11-01T10:00:00+05:30"]
    bad = ["2026-11-01", "2026-11-01T25:00:00", "2026-02-30T10:00:00", "yesterday"]
    rows = "".join(f"R{i},P{i},A,B,1980-01-01,2026-10-01,New,{v}\n" for i, v in enumerate(good + bad))
    outcome = load(con, header + rows, source="referrals")
    assert (outcome.rows_loaded, outcome.rows_rejected) == (4, 4)


def test_missing_required_column_quarantines_the_file(con: duckdb.DuckDBPyConnection) -> None:
    outcome = load(con, "posting_id,claim_id,posting_type,post_date\nP1,C1,PAYMENT,2026-11-20\n")
    assert outcome.status == "quarantined"
    assert outcome.reason == "missing required column(s): amount"
    assert con.execute("SELECT count(*) FROM raw.postings").fetchall() == [(0,)]


@pytest.mark.parametrize(
    ("data", "reason_part"),
    [
        (b"", "empty"),
        (b"\r\n\r\n", "empty"),
        (POSTINGS_HEADER.encode("utf-16"), "UTF-8"),
        (b"posting_id,claim_id\n\xff\xfe", "UTF-8"),
        (bytes(range(256)) * 4, "UTF-8"),
        (b"\x00\x01\x02binary", "NUL"),
    ],
)
def test_unreadable_files_are_quarantined(con: duckdb.DuckDBPyConnection, data: bytes, reason_part: str) -> None:
    outcome = load(con, data)
    assert outcome.status == "quarantined"
    assert reason_part in (outcome.reason or "")


def test_header_only_loads_nothing(con: duckdb.DuckDBPyConnection) -> None:
    outcome = load(con, POSTINGS_HEADER)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("loaded", 0, 0)


def test_bom_crlf_quoted_newlines_order_extra_and_ragged(con: duckdb.DuckDBPyConnection) -> None:
    data = (
        "\ufeff note , amount ,posting_id,claim_id,posting_type,post_date\r\n"
        '"two\r\nlines",1.00,P1,C1,PAYMENT,2026-11-20\r\n'
        "\r\n"
        ",,,,,\r\n"
        'x,2,P2,"C""2",ADJUSTMENT,2026-11-20,surplus\r\n'
        ",3,P3,C3,PAYMENT\r\n"
    ).encode()
    outcome = load(con, data)
    # P3 lacks post_date (a missing trailing field is null) → rejected; the blank and all-empty lines are skipped
    assert (outcome.rows_loaded, outcome.rows_rejected) == (2, 1)
    rows = con.execute("SELECT posting_id, claim_id, file_line, extra_columns FROM raw.postings ORDER BY 1").fetchall()
    assert rows[0][:3] == ("P1", "C1", 2)
    assert json.loads(rows[0][3]) == {"note": "two\r\nlines"}
    assert rows[1][:3] == ("P2", 'C"2', 6)
    assert rejected(con)[0][:2] == (7, "post_date")


def test_duplicate_key_in_one_file_is_not_an_error(con: duckdb.DuckDBPyConnection) -> None:
    outcome = load(con, POSTINGS_HEADER + "P1,C1,PAYMENT,1,2026-11-20,,\nP1,C1,PAYMENT,2,2026-11-20,,\n")
    assert (outcome.rows_loaded, outcome.rows_rejected) == (2, 0)
    latest = con.execute("SELECT amount FROM raw.postings_asof(DATE '2026-11-23')").fetchall()
    assert [str(r[0]) for r in latest] == ["2.00"]


def test_rejected_raw_keeps_the_values(con: duckdb.DuckDBPyConnection) -> None:
    load(con, POSTINGS_HEADER + "P1,C1,PAYMENT,$5,2026-11-20,T,\n")
    raw = con.execute("SELECT raw FROM recon.rejected_rows").fetchall()
    assert json.loads(raw[0][0])["amount"] == "$5"


@pytest.mark.parametrize("name", ["file_line", "__idx", "__line_no", "extra_columns", "__extra_0"])
def test_extra_columns_named_like_internal_ones(con: duckdb.DuckDBPyConnection, name: str) -> None:
    outcome = load(con, f"posting_id,claim_id,posting_type,amount,post_date,{name}\nP1,C1,PAYMENT,1.00,2026-11-20,7\n")
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 1)
    row = con.execute("SELECT file_line, extra_columns FROM raw.postings").fetchall()[0]
    assert row[0] == 2 and json.loads(row[1]) == {name: "7"}


def test_line_numbers_count_breaks_inside_fields_beyond_the_header(con: duckdb.DuckDBPyConnection) -> None:
    data = (
        "posting_id,claim_id,posting_type,amount,post_date\n"
        'P1,C1,PAYMENT,1.00,2026-01-10,"note\nspanning\nlines"\n'
        "P2,C1,PAYMENT,bad,2026-01-10\n"
    )
    assert load(con, data).rows_rejected == 1
    assert rejected(con)[0][0] == 5


@pytest.mark.parametrize("header", ["amount,amount", "amount, amount"])
def test_repeated_header_name_quarantines(con: duckdb.DuckDBPyConnection, header: str) -> None:
    outcome = load(con, f"posting_id,claim_id,posting_type,post_date,{header}\nP1,C1,PAYMENT,2026-11-20,1,2\n")
    assert outcome.status == "quarantined" and "repeats column name(s): amount" in (outcome.reason or "")


@pytest.mark.parametrize(
    ("row", "ok"),
    [
        ('P1,C1,PAYMENT,1.00,2026-11-20,"5"" screen"', True),
        ('P1,"C""1",PAYMENT,1.00,2026-11-20,x', True),
        ('P1,C1,PAYMENT,1.00,2026-11-20,5" screen', False),  # stray quote in the last field
        ('P1,C"1,PAYMENT,1.00,2026-11-20,x', False),  # stray quote in a middle field
        ('P1,"C1"x,PAYMENT,1.00,2026-11-20,x', False),  # text after a closing quote
        ('P1,"C1,PAYMENT,1.00,2026-11-20,x', False),  # never closed
    ],
)
def test_quoting_follows_rfc_4180_in_every_column(con: duckdb.DuckDBPyConnection, row: str, ok: bool) -> None:
    outcome = load(con, f"posting_id,claim_id,posting_type,amount,post_date,note\n{row}\n")
    assert outcome.status == ("loaded" if ok else "quarantined"), outcome.reason
    if not ok:
        assert "not a valid CSV" in (outcome.reason or "")
