"""One focused test per transaction rejection rule (CONTRACT.md section 1), and the non-rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from x12_build import BODY, file_835, interchange, simple, transaction

from hc_reconcile.x12 import Parsed835
from hc_reconcile.x12.parser import parse_835_strict


def with_body(*body: str, **kwargs: str) -> Parsed835:
    return parse_835_strict(file_835(interchange([transaction(body, **kwargs)])))


def replace(old: str, new: str) -> tuple[str, ...]:
    assert old in BODY, old
    return tuple(new if segment == old else segment for segment in BODY)


def rejected_reason(parsed: Parsed835) -> str:
    assert parsed.quarantine_reason is None
    assert parsed.transactions.height == 0
    assert parsed.claims.height == parsed.services.height == parsed.adjustments.height == 0
    assert parsed.rejected.height == 1
    row = parsed.rejected.row(0, named=True)
    assert row["st_position"] == 3
    assert row["raw"].startswith("ST*835*")
    assert row["raw"].endswith("~")
    return str(row["reason"])


def test_valid_transaction_loads() -> None:
    parsed = parse_835_strict(simple())
    assert parsed.rejected.height == 0
    txn = parsed.transactions.row(0, named=True)
    assert txn["payment_amount"] == Decimal("100.00")
    assert txn["payer_id"] == "PAYER1"
    assert txn["payee_id"] == "1234567893"
    assert txn["trn02"] == "TRACE1"
    assert txn["raw_segment_count"] == 11
    assert parsed.adjustments.get_column("level").to_list() == ["claim", "service"]
    assert parsed.adjustments.get_column("service_segment_position").to_list() == [None, 11]


def test_st01_not_835_gets_only_the_envelope_rules() -> None:
    body = tuple(s for s in BODY if not s.startswith("BPR"))  # no BPR: not checked for a 270
    parsed = with_body(*body, st01="270")
    assert parsed.rejected.get_column("reason").to_list() == [
        "ST01='270' at position 3: not an 835 transaction set"
    ]
    assert parsed.transactions.height == 0


def test_se01_differs_from_the_segment_count() -> None:
    reason = rejected_reason(with_body(*BODY, se01="12"))
    assert reason == "SE01='12' but the transaction has 11 segments (ST and SE included)"


def test_se01_not_a_number() -> None:
    assert "SE01='x'" in rejected_reason(with_body(*BODY, se01="x"))


def test_se02_differs_from_st02() -> None:
    reason = rejected_reason(with_body(*BODY, se02="0002"))
    assert reason == "SE02='0002' at position 13 differs from ST02='0001'"


def test_missing_bpr() -> None:
    body = tuple(s for s in BODY if not s.startswith("BPR"))
    assert rejected_reason(with_body(*body)) == "the transaction has no BPR segment"


def test_missing_trn() -> None:
    body = tuple(s for s in BODY if not s.startswith("TRN"))
    assert "no TRN segment" in rejected_reason(with_body(*body))


def test_empty_trn02() -> None:
    reason = rejected_reason(with_body(*replace("TRN*1*TRACE1*1234567890", "TRN*1**1234567890")))
    assert reason == "TRN02 is empty in the TRN at position 5"


@pytest.mark.parametrize(
    "amount", ["$5", "1,000.00", "1e3", "12.345", "", "abc", "12345678901234567"]
)
def test_bpr02_not_money(amount: str) -> None:
    body = replace(BODY[0], BODY[0].replace("*100.00*", f"*{amount}*", 1))
    reason = rejected_reason(with_body(*body))
    assert reason == f"BPR02='{amount}' at position 4 is not a money value"


@pytest.mark.parametrize("amount", ["5", "5.", ".5", "-5.5", "+5.50", "0000000000000000005.00"])
def test_money_forms_that_are_valid(amount: str) -> None:
    body = replace(BODY[0], BODY[0].replace("*100.00*", f"*{amount}*", 1))
    parsed = with_body(*body)
    assert parsed.rejected.height == 0
    assert parsed.transactions.get_column("payment_amount").to_list() == [Decimal(amount)]


@pytest.mark.parametrize("date", ["20002316", "20020230", "2026011", "202601150", "2026-01-15", "00000101"])
def test_bpr16_not_a_real_date(date: str) -> None:
    body = replace(BODY[0], BODY[0][: -len("20260115")] + date)
    assert rejected_reason(with_body(*body)) == (
        f"BPR16='{date}' at position 4 is not a real CCYYMMDD date"
    )


def test_bpr16_absent_is_fine() -> None:
    body = replace(BODY[0], "BPR*I*100.00*C*CHK")
    parsed = with_body(*body)
    assert parsed.rejected.height == 0
    assert parsed.transactions.get_column("payment_date").to_list() == [None]


def test_leap_day_is_a_real_date() -> None:
    body = replace(BODY[0], BODY[0][: -len("20260115")] + "20240229")
    assert with_body(*body).rejected.height == 0


@pytest.mark.parametrize(
    ("clp", "expected"),
    [
        ("CLP**1*150.00*100.00", "CLP01 is empty in the CLP at position 9"),
        ("CLP*CLAIM1**150.00*100.00", "CLP02 is empty in the CLP at position 9"),
        ("CLP*CLAIM1*1*x*100.00", "CLP03='x' at position 9 is not a money value"),
        ("CLP*CLAIM1*1*150.00*1.001", "CLP04='1.001' at position 9 is not a money value"),
        ("CLP*CLAIM1*1*150.00", "CLP04=(missing) at position 9 is not a money value"),
    ],
)
def test_clp_rules(clp: str, expected: str) -> None:
    body = replace("CLP*CLAIM1*1*150.00*100.00*20.00*12*PCN1", clp)
    assert rejected_reason(with_body(*body)) == expected


@pytest.mark.parametrize(
    ("cas", "expected"),
    [
        ("CAS*CO*45*x", "CAS03='x' at position 10 is not a money value"),
        ("CAS*CO*45", "CAS03=(missing) at position 10 is not a money value"),
        ("CAS*CO*45*10**2*$3", "CAS06='$3' at position 10 is not a money value"),
        (
            "CAS*CO*45*10*1*2*3*1*4*4*1*5*5*1*6*6*1*7*1,0",
            "CAS18='1,0' at position 10 is not a money value",
        ),
    ],
)
def test_cas_amount_rules(cas: str, expected: str) -> None:
    body = replace("CAS*CO*45*30.00", cas)
    assert rejected_reason(with_body(*body)) == expected


def test_cas_with_six_amounts_loads_six_rows() -> None:
    body = replace("CAS*CO*45*30.00", "CAS*CO*1*5*1*2*5*2*3*5*3*4*5*4*5*5*5*6*5*6")
    parsed = with_body(*body)
    adjustments = parsed.adjustments.filter(parsed.adjustments["segment_position"] == 10)
    assert adjustments.get_column("reason_code").to_list() == ["1", "2", "3", "4", "5", "6"]
    assert adjustments.get_column("amount").to_list() == [Decimal("5.00")] * 6
    assert adjustments.get_column("quantity").to_list() == [Decimal(q) for q in "123456"]


def test_cas_before_the_first_clp() -> None:
    body = ("CAS*CO*45*1.00", *BODY)
    assert rejected_reason(with_body(*body)) == (
        "CAS at position 4 comes before the first CLP of the transaction"
    )


@pytest.mark.parametrize(
    ("plb", "expected"),
    [
        ("PLB*123*20261231*CV:CP*x", "PLB04='x' at position 13 is not a money value"),
        ("PLB*123*20261231*CV:CP", "PLB04=(missing) at position 13 is not a money value"),
        ("PLB*123*20261231*CV*1*L6*2.001", "PLB06='2.001' at position 13 is not a money value"),
    ],
)
def test_plb_amount_rules(plb: str, expected: str) -> None:
    assert rejected_reason(with_body(*BODY, plb)) == expected


def test_plb_rows() -> None:
    parsed = with_body(*BODY, "PLB*123*20261231*CV:CP*-1.27*L6:ABC*2")
    plb = parsed.provider_adjustments
    assert plb.get_column("reason_code").to_list() == ["CV", "L6"]
    assert plb.get_column("reference").to_list() == ["CP", "ABC"]
    assert plb.get_column("amount").to_list() == [Decimal("-1.27"), Decimal("2.00")]


def test_several_reasons_are_listed_in_segment_order() -> None:
    body = replace("CLP*CLAIM1*1*150.00*100.00*20.00*12*PCN1", "CLP***x*y")
    reason = rejected_reason(with_body(*body, se02="9"))
    assert reason.split("; ") == [
        "CLP01 is empty in the CLP at position 9",
        "CLP02 is empty in the CLP at position 9",
        "CLP03='x' at position 9 is not a money value",
        "CLP04='y' at position 9 is not a money value",
        "SE02='9' at position 13 differs from ST02='0001'",
    ]


def test_unbalanced_transaction_is_valid() -> None:
    body = replace(BODY[0], BODY[0].replace("*100.00*", "*999.99*", 1))
    parsed = with_body(*body)
    assert parsed.rejected.height == 0
    assert parsed.transactions.height == 1


def test_unvalidated_elements_that_are_not_numbers_load_as_null() -> None:
    body = replace("SVC*HC:99213*150.00*100.00**1", "SVC*HC:99213*abc*$1**x")
    body = tuple(
        "CLP*CLAIM1*1*150.00*100.00*n/a*12*PCN1" if s.startswith("CLP") else s for s in body
    )
    parsed = with_body(*body)
    assert parsed.rejected.height == 0
    svc = parsed.services.row(0, named=True)
    assert (svc["charge_amount"], svc["paid_amount"], svc["units"]) == (None, None, None)
    assert parsed.claims.get_column("patient_responsibility").to_list() == [None]


def test_unvalidated_numbers_with_more_decimals_load_rounded_half_to_even() -> None:
    body = replace("SVC*HC:99213*150.00*100.00**1", "SVC*HC:99213*150.005*1.234**2.5")
    body = tuple(
        "CLP*CLAIM1*1*150.00*100.00*12.345*12*PCN1" if s.startswith("CLP") else s for s in body
    )
    parsed = with_body(*body)
    assert parsed.rejected.height == 0
    svc = parsed.services.row(0, named=True)
    assert (svc["charge_amount"], svc["paid_amount"], svc["units"]) == (
        Decimal("150.00"), Decimal("1.23"), Decimal("2.50"))
    assert parsed.claims.get_column("patient_responsibility").to_list() == [Decimal("12.34")]


def test_one_rejected_transaction_does_not_stop_the_others() -> None:
    good = transaction(st02="0001")
    bad = transaction(st02="0002", se01="99")
    parsed = parse_835_strict(file_835(interchange([good, bad, transaction(st02="0003")])))
    assert parsed.transactions.get_column("st02").to_list() == ["0001", "0003"]
    assert parsed.rejected.get_column("st02").to_list() == ["0002"]
    assert parsed.rejected.get_column("st_position").to_list() == [14]
    assert set(parsed.claims.get_column("st_position")) == {3, 25}


def test_svc_before_any_clp_loads_without_claim() -> None:
    body = ("SVC*HC:1*1*1", *BODY)
    parsed = with_body(*body)
    assert parsed.rejected.height == 0
    assert parsed.services.get_column("claim_id").to_list() == [None, "CLAIM1"]


def test_payer_id_falls_back_to_ref_2u_then_trn03() -> None:
    no_n104 = replace("N1*PR*PAYER ONE*XV*PAYER1", "N1*PR*PAYER ONE")
    assert with_body(*no_n104).transactions["payer_id"].to_list() == ["1234567890"]
    with_ref = (*no_n104[:3], "REF*2U*REFPAYER", *no_n104[3:])
    assert with_body(*with_ref).transactions["payer_id"].to_list() == ["REFPAYER"]
    # a REF*2U in a claim loop is not the header one
    late_ref = (*no_n104, "REF*2U*LATE")
    assert with_body(*late_ref).transactions["payer_id"].to_list() == ["1234567890"]


def test_an_unvalidated_number_too_large_once_rounded_loads_as_null() -> None:
    # 16 integer digits fit DECIMAL(18,2); rounded half-to-even this one needs 17
    body = replace("SVC*HC:99213*150.00*100.00**1", "SVC*HC:99213*150.00*100.00**9999999999999999.995")
    parsed = parse_835_strict(file_835(interchange([transaction(body)])))
    assert parsed.quarantine_reason is None
    assert parsed.rejected.height == 0
    assert parsed.services.get_column("units").to_list() == [None]


def test_cas_quantities_needing_rounding_in_several_triplets_load() -> None:
    # (Before the compiled value loop, a rounded quantity came out as a 128-bit decimal and
    # stacking it with the other triplets' quantities quarantined the whole file.)
    body = replace("CAS*CO*45*30.00", "CAS*CO*45*10.00*1.0005*253*20.00*2")
    parsed = parse_835_strict(file_835(interchange([transaction(body)])))
    assert parsed.quarantine_reason is None
    adjustments = parsed.adjustments.filter(parsed.adjustments["group_code"] == "CO")
    assert adjustments.get_column("quantity").to_list() == [Decimal("1.00"), Decimal("2.00")]
    assert adjustments.get_column("amount").to_list() == [Decimal("10.00"), Decimal("20.00")]
