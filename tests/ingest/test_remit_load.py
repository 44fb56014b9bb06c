"""835 loading edge cases through the real loader: re-sends, correlation ids, odd loops."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from hc_reconcile.ingest.remit_load import load_remit
from hc_reconcile.warehouse.ddl import ensure_schema

D = date(2026, 11, 20)


def _835(body: list[str], *, st02: str = "0001", trn02: str = "TRN1", bpr02: str = "100.00") -> bytes:
    segments = [f"ST*835*{st02}", f"BPR*I*{bpr02}*C*ACH************20261118", f"TRN*1*{trn02}*1999999999",
                "N1*PR*ACME PAYER*XV*PAYER1", *body]
    segments.append(f"SE*{len(segments) + 1}*{st02}")
    isa = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261118*1200*^*00501*000000001*0*P*:"
    text = "~".join([isa, "GS*HP*S*R*20261118*1200*1*X*005010X221A1", *segments, "GE*1*1", "IEA*1*000000001"]) + "~"
    return text.encode()


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    ensure_schema(c)
    return c


def test_service_before_any_claim_loads_with_null_claim(con: duckdb.DuckDBPyConnection) -> None:
    data = _835(["SVC*HC:99213*50*40**1", "CLP*C1*1*100*100**MC*X1", "SVC*HC:99214*100*100**1"])
    outcome = load_remit(con, business_date=D, file_name="a.835", file_seq=1, data=data)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("loaded", 1, 0)
    rows = con.execute("SELECT claim_id, procedure_code FROM remit.services ORDER BY segment_position").fetchall()
    assert rows == [(None, "99213"), ("C1", "99214")]


def test_resend_in_a_later_file_is_skipped_and_correlation_ids_are_kept(con: duckdb.DuckDBPyConnection) -> None:
    first = _835(["CLP*C1*1*100*100**MC*X1"])
    again = _835(["CLP*C1*1*100*100**MC*X1"], st02="0009", bpr02="100")  # same payer, TRN02, BPR02 as a number
    load_remit(con, business_date=D, file_name="a.835", file_seq=1, data=first)
    outcome = load_remit(con, business_date=D, file_name="b.835", file_seq=2, data=again)
    assert (outcome.status, outcome.rows_resent) == ("duplicate", 1)
    rows = con.execute(
        "SELECT file_name, isa13, gs06, st02, trn02, segment_position, claim_id FROM remit.claims"
    ).fetchall()
    assert rows == [("a.835", "000000001", "1", "0001", "TRN1", 7, "C1")]
