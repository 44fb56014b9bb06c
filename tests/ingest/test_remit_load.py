"""835 loading edge cases through the real loader: re-sends, correlation ids, odd loops."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from hc_reconcile.errors import WarehouseError
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


def _two_interchange_file() -> bytes:
    """One interchange, three transactions: TRN1, TRN1 again (re-sent), TRN2."""
    def st(st02: str, trn02: str, claim: str) -> list[str]:
        body = [f"ST*835*{st02}", "BPR*I*100.00*C*ACH************20261118", f"TRN*1*{trn02}*1999999999",
                "N1*PR*ACME PAYER*XV*PAYER1", f"CLP*{claim}*1*100*100**MC*X1", "SVC*HC:99213*100*100**1",
                "CAS*CO*45*0"]
        return [*body, f"SE*{len(body) + 1}*{st02}"]
    isa = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261118*1200*^*00501*000000007*0*P*:"
    segments = [isa, "GS*HP*S*R*20261118*1200*5*X*005010X221A1",
                *st("0001", "TRN1", "C1"), *st("0002", "TRN1", "C1"), *st("0003", "TRN2", "C2"),
                "GE*3*5", "IEA*1*000000007"]
    return ("~".join(segments) + "~").encode()


def test_rows_carry_their_own_transactions_ids_and_a_resent_transactions_rows_drop_out(
    con: duckdb.DuckDBPyConnection,
) -> None:
    outcome = load_remit(con, business_date=D, file_name="m.835", file_seq=4, data=_two_interchange_file())
    assert (outcome.status, outcome.rows_loaded, outcome.rows_resent) == ("loaded", 2, 1)
    for view in ("remit.claims", "remit.services", "remit.adjustments"):
        rows = con.execute(
            f"SELECT business_date, file_name, file_seq, isa13, gs06, st02, trn02, claim_id FROM {view} "
            "ORDER BY segment_position"
        ).fetchall()
        assert rows == [
            (D, "m.835", 4, "000000007", "5", "0001", "TRN1", "C1"),
            (D, "m.835", 4, "000000007", "5", "0003", "TRN2", "C2"),
        ], view
    # Nothing of the re-sent transaction is stored, not even unreachable rows.
    stored = con.execute("SELECT count(*) FROM remit_store.claims").fetchall()[0][0]
    assert stored == 2


VIEWS = ("claims", "services", "adjustments", "provider_adjustments")


def _old_layout(con: duckdb.DuckDBPyConnection) -> None:
    """Turn the warehouse into the layout before remit_store: the four relations were tables
    with the correlation ids on every row."""
    for v in VIEWS:
        con.execute(f"CREATE TABLE remit.old_{v} AS SELECT * FROM remit.{v}")
        con.execute(f"DROP VIEW remit.{v}")
        con.execute(f"DROP TABLE remit_store.{v}")
        con.execute(f"CREATE TABLE remit.{v} AS SELECT * FROM remit.old_{v}")
        con.execute(f"DROP TABLE remit.old_{v}")
    con.execute("DROP SCHEMA remit_store")


def test_a_warehouse_with_remit_tables_from_before_remit_store_is_moved_to_it(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load_remit(con, business_date=D, file_name="m.835", file_seq=4, data=_two_interchange_file())
    load_remit(con, business_date=D, file_name="a.835", file_seq=5,
               data=_835(["CLP*C9*1*100*90**MC*X1", "CAS*CO*45*10", "SVC*HC:1*100*90**1"], trn02="TRN9"))
    views = VIEWS
    before = {v: con.execute(f"SELECT * FROM remit.{v} ORDER BY ALL").fetchall() for v in views}
    _old_layout(con)
    ensure_schema(con)
    kinds = con.execute(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'remit' ORDER BY 1"
    ).fetchall()
    assert kinds == [(v, "VIEW") for v in sorted(views)] + [("transactions", "BASE TABLE")]
    after = {v: con.execute(f"SELECT * FROM remit.{v} ORDER BY ALL").fetchall() for v in views}
    assert after == before
    assert [len(after[v]) for v in views] == [3, 3, 3, 0]  # (2 + 1) CLP, SVC and CAS; no PLB


def test_a_move_that_would_lose_rows_changes_nothing(con: duckdb.DuckDBPyConnection) -> None:
    load_remit(con, business_date=D, file_name="m.835", file_seq=4, data=_two_interchange_file())
    _old_layout(con)
    # A CAS row before any transaction of its file cannot be given one.
    con.execute(
        "INSERT INTO remit.adjustments (business_date, file_name, file_seq, segment_position, level, amount) "
        "VALUES (?, 'm.835', 4, 1, 'claim', 1.00)",
        [D],
    )
    tables = "SELECT table_schema, table_name, table_type FROM information_schema.tables " \
             "WHERE table_schema LIKE 'remit%' ORDER BY ALL"
    before = con.execute(tables).fetchall()
    with pytest.raises(WarehouseError, match="1 of its 3 rows have no transaction"):
        ensure_schema(con)
    assert con.execute(tables).fetchall() == before  # all four still tables, no remit_store


def test_a_warehouse_storing_the_cas_level_drops_it_and_the_view_derives_the_same(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load_remit(con, business_date=D, file_name="l.835", file_seq=1, data=_835(
        ["CLP*C1*1*100*80**MC*X1", "CAS*CO*45*10", "SVC*HC:1*100*80**1", "CAS*CO*45*10"], trn02="TRNL"
    ))
    before = con.execute("SELECT * FROM remit.adjustments ORDER BY segment_position").fetchall()
    assert [row[9] for row in before] == ["claim", "service"]  # level, after claim_id
    # The layout before: the level stored in remit_store.adjustments.
    con.execute("DROP VIEW remit.adjustments")
    con.execute("ALTER TABLE remit_store.adjustments ADD COLUMN level VARCHAR")
    con.execute("UPDATE remit_store.adjustments SET level = "
                "CASE WHEN service_segment_position IS NULL THEN 'claim' ELSE 'service' END")
    ensure_schema(con)
    stored = [c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'remit_store' AND table_name = 'adjustments'"
    ).fetchall()]
    assert "level" not in stored
    assert con.execute("SELECT * FROM remit.adjustments ORDER BY segment_position").fetchall() == before
