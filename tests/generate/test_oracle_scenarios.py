"""The reference oracle on tiny hand-built landing trees (contract §1-§4 edge cases)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from gen_support import Landing, claim, day, posting, txn, x835

from hc_reconcile.generate.oracle.kpis import quantile_cont
from hc_reconcile.generate.oracle.run import Truth, run_oracle


def open_on(truth: Truth, n: int, etype: str) -> dict[str, Decimal]:
    d = truth.dates[n]
    return {k: v for (t, k), v in truth.open_daily[d].items() if t == etype}


def test_remit_not_posted_threshold_is_strict(tmp_path: Path) -> None:
    land = Landing(tmp_path, 8)
    land.csv(0, "claims", [claim("C1")])
    land.remit(1, "p.835", x835([txn("1", trn02="T1", bpr02="80.00",
                                     clps=[("C1", "1", "100.00", "80.00", ["20.00"])])]))
    land.csv(6, "postings", [posting("P1", "C1", "80.00", 6)])
    truth = run_oracle(tmp_path)
    assert open_on(truth, 4, "REMIT_NOT_POSTED") == {}  # received on x=1: x+3
    assert open_on(truth, 5, "REMIT_NOT_POSTED") == {"C1": Decimal("80.00")}  # x+4
    assert open_on(truth, 6, "REMIT_NOT_POSTED") == {}  # the posting landed
    (life,) = [x for x in truth.exceptions if x.exception_type == "REMIT_NOT_POSTED"]
    assert (life.first_seen.isoformat(), life.resolved_on) == (day(5), truth.dates[6])
    # EFT_NOT_IN_GL: D - received > 2 first holds on x+3
    assert open_on(truth, 3, "EFT_NOT_IN_GL") == {}
    assert open_on(truth, 4, "EFT_NOT_IN_GL") == {"T1": Decimal("80.00")}


def test_zero_pay_denial_does_not_start_the_clock(tmp_path: Path) -> None:
    land = Landing(tmp_path, 10)
    land.csv(0, "claims", [claim("C1")])
    land.remit(1, "a.835", x835([txn("1", trn02="T1", bpr02="0", clps=[
        ("C1", "4", "100.00", "0.00", ["100.00"])])]))
    land.remit(5, "b.835", x835([txn("2", trn02="T2", bpr02="60.00", clps=[
        ("C1", "1", "100.00", "60.00", ["40.00"])])], isa13="000000002"))
    truth = run_oracle(tmp_path)
    assert open_on(truth, 8, "REMIT_NOT_POSTED") == {}
    assert open_on(truth, 9, "REMIT_NOT_POSTED") == {"C1": Decimal("60.00")}


def test_future_postings_do_not_exist_yet(tmp_path: Path) -> None:
    land = Landing(tmp_path, 8)
    land.csv(0, "claims", [claim("C1")])
    land.remit(0, "a.835", x835([txn("1", trn02="T1", bpr02="50.00", clps=[
        ("C1", "1", "100.00", "50.00", ["50.00"])])]))
    land.csv(1, "postings", [posting("P1", "C1", "50.00", 6)])  # dated D+5
    truth = run_oracle(tmp_path)
    assert open_on(truth, 4, "REMIT_NOT_POSTED") == {"C1": Decimal("50.00")}
    assert open_on(truth, 5, "REMIT_NOT_POSTED") == {"C1": Decimal("50.00")}
    assert open_on(truth, 6, "REMIT_NOT_POSTED") == {}
    assert truth.kpis[truth.dates[5]]["ar_balance"] == Decimal("0")


def test_resent_transactions_and_duplicate_files(tmp_path: Path) -> None:
    land = Landing(tmp_path, 3)
    land.csv(0, "claims", [claim("C1"), claim("C2")])
    t1 = txn("1", trn02="T1", bpr02="50.00", clps=[("C1", "1", "100.00", "50.00", ["50.00"])])
    t1_again = t1.replace("BPR*I*50.00*", "BPR*I*050.0*")  # equal as a number
    t2 = txn("2", trn02="T2", bpr02="70.00", clps=[("C2", "1", "100.00", "70.00", ["30.00"])])
    first = x835([t1])
    land.remit(0, "a.835", first)
    land.remit(1, "a_copy.835", first)  # SHA-256 duplicate
    land.remit(1, "b.835", x835([t1_again], isa13="000000002"))  # all re-sent
    land.remit(2, "c.835", x835([t2, t1], isa13="000000003"))  # one new, one re-sent
    truth = run_oracle(tmp_path)
    log = {(f.business_date.isoformat(), f.file_name): (f.status, f.rows_loaded)
           for f in truth.file_log}
    assert log[(day(1), "a_copy.835")] == ("duplicate", 0)
    assert log[(day(1), "b.835")] == ("duplicate", 0)
    assert log[(day(2), "c.835")] == ("loaded", 1)
    assert truth.kpis[truth.dates[1]]["replayed_count"] == 2
    assert truth.kpis[truth.dates[2]]["replayed_count"] == 1
    assert open_on(truth, 2, "DUPLICATE_PAYMENT") == {}


def test_rejected_transaction_position_and_corrected_resend(tmp_path: Path) -> None:
    land = Landing(tmp_path, 2)
    land.csv(0, "claims", [claim("C1")])
    good = txn("1", trn02="T1", bpr02="50.00", clps=[("C1", "1", "100.00", "50.00", ["50.00"])])
    bad = good.replace("SE*8*1", "SE*9*1")
    land.remit(0, "a.835", x835([bad]))
    land.remit(1, "b.835", x835([good], isa13="000000002"))
    truth = run_oracle(tmp_path)
    (rej,) = truth.rejected
    assert (rej.file_name, rej.line_no, rej.column) == ("a.835", 3, None)  # ISA=1, GS=2, ST=3
    assert truth.kpis[truth.dates[0]]["rejected_transaction_count"] == 1
    assert [f.rows_loaded for f in truth.file_log] == [1, 0, 1]  # claims, a.835, b.835


def test_unbalanced_keys_and_plb(tmp_path: Path) -> None:
    land = Landing(tmp_path, 1)
    land.csv(0, "claims", [claim("C1"), claim("C2")])
    ok = txn("1", trn02="T1", bpr02="55.00", plb=["-5.00"],
             clps=[("C1", "1", "100.00", "50.00", ["50.00"])])
    off = txn("2", trn02="T2", bpr02="60.00", clps=[("C2", "1", "100.00", "50.00", ["40.00"])])
    land.remit(0, "a.835", x835([ok, off]))
    truth = run_oracle(tmp_path)
    assert open_on(truth, 0, "REMIT_UNBALANCED") == {"T2": Decimal("10.00"),
                                                     "T2|C2": Decimal("10.00")}


def test_duplicate_patient_normalization_and_merge(tmp_path: Path) -> None:
    land = Landing(tmp_path, 3)

    def ref(rid: str, pid: str, first: str, last: str, dob: str = "1950-01-02") -> dict[str, str]:
        return {"referral_id": rid, "patient_id": pid, "first_name": first, "last_name": last,
                "birth_date": dob, "referral_date": day(0), "status": "New",
                "last_modified": f"{day(0)} 08:00:00"}

    land.csv(0, "referrals", [
        ref("R1", "P1", "José", "García"), ref("R2", "P2", "JOSE", "GARCIA"),
        ref("R3", "P3", "Heinrich", "Strauß"), ref("R4", "P4", "HEINRICH", "STRAUSS"),
        ref("R5", "P5", "Søren", "Ødegaard"), ref("R6", "P6", "Soren", "Odegaard"),
        ref("R7", "P7", "Ann", "Lee"), ref("R8", "P8", "Ann", "Lee", "1950-01-03"),
    ])
    land.csv(2, "referrals", [ref("R2", "P1", "JOSE", "GARCIA")])  # CRM merge
    truth = run_oracle(tmp_path)
    assert set(open_on(truth, 0, "DUPLICATE_PATIENT")) == {"P1|P2", "P3|P4"}
    assert set(open_on(truth, 2, "DUPLICATE_PATIENT")) == {"P3|P4"}


def test_csv_rejections_line_numbers_and_quarantine(tmp_path: Path) -> None:
    land = Landing(tmp_path, 1)
    header = "posting_id,claim_id,posting_type,amount,post_date,trace_number,group_reason"
    raw = ("\ufeff" + header + "\r\n"
           'P1,C1,PAYMENT,10.00,2026-11-01,T1,"a\r\nb"\r\n'  # lines 2-3
           "P2,C1,payment,10.00,2026-11-01,,\r\n"  # line 4: enum is case-sensitive
           "P3,C1,PAYMENT,12.345,2026-11-01,,\r\n"  # line 5
           ",,,,,,\r\n"  # skipped
           "P4,C1,PAYMENT, 1.00,2026-11-01,,\r\n"  # line 7: values are not trimmed
           "P5,C1,PAYMENT,+1.,2026-02-30,,\r\n").encode()  # line 8: impossible date
    land.csv(0, "postings", [], raw=raw)
    land.csv(0, "postings", [], name="postings_002.csv", raw=b"posting_id,claim_id\nP9,C1\n")
    land.csv(0, "charges", [], raw=b"\xff\xfe not utf-8")
    truth = run_oracle(tmp_path)
    got = [(r.file_name, r.line_no, r.column) for r in truth.rejected]
    assert got == [("postings_001.csv", 4, "posting_type"), ("postings_001.csv", 5, "amount"),
                   ("postings_001.csv", 7, "amount"), ("postings_001.csv", 8, "post_date")]
    status = {f.file_name: (f.status, f.rows_loaded, f.rows_rejected) for f in truth.file_log}
    assert status == {"postings_001.csv": ("loaded", 1, 4),
                      "postings_002.csv": ("quarantined", 0, 0),
                      "charges_001.csv": ("quarantined", 0, 0)}
    kpis = truth.kpis[truth.dates[0]]
    assert kpis["rejected_row_rate"] == 0.8 and kpis["quarantined_file_count"] == 2


def test_unbilled_revenue_and_invalid_folder(tmp_path: Path) -> None:
    land = Landing(tmp_path, 10)
    (tmp_path / "2026-11-31" / "billing").mkdir(parents=True)
    charge = {"charge_id": "CH1", "account_id": "A1", "facility_id": "F01",
              "service_date": day(0), "post_date": day(1), "cpt_code": "99213", "units": "1",
              "amount": "150.00"}
    land.csv(1, "charges", [charge])
    gl = {"journal_id": "J1", "line_no": "1", "entity_id": "E", "account": "4000",
          "cost_center": "F01", "posting_date": day(1), "amount": "-100.00", "source": "REVENUE"}
    allowance = dict(gl, line_no="2", account="4900", amount="-50.00")
    land.csv(1, "gl_journal", [gl, allowance])
    truth = run_oracle(tmp_path)
    assert open_on(truth, 1, "REVENUE_GL_VARIANCE") == {}  # only dates < D
    assert open_on(truth, 2, "REVENUE_GL_VARIANCE") == {f"F01|{day(1)}": Decimal("50.00")}
    assert open_on(truth, 8, "UNBILLED_CHARGE") == {}  # D - post = 7
    assert open_on(truth, 9, "UNBILLED_CHARGE") == {"CH1": Decimal("150.00")}
    assert len(truth.dates) == 10  # 2026-11-31 is not a business date


def test_kpi_quantile_and_nulls(tmp_path: Path) -> None:
    assert quantile_cont([0, 1, 2, 3, 10], Fraction(9, 10)) == 7.2
    land = Landing(tmp_path, 1)
    truth = run_oracle(tmp_path)
    k = truth.kpis[truth.dates[0]]
    assert k["charge_lag_days_avg"] is None and k["late_charge_count"] == 0
    assert k["denial_rate"] is None and k["days_in_ar"] is None
    assert k["open_exceptions"] == 0 and k["open_exception_amount"] == Decimal("0")
    assert land.root == tmp_path
