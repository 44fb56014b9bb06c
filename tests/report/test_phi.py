"""The masking rule (hc_reconcile.report.phi): identifiers → last four, names etc. → removed."""

from __future__ import annotations

import json

from hc_reconcile.report import phi


def test_mask_identifier_keeps_last_four_of_long_ids_only() -> None:
    assert phi.mask_identifier("W293847561101") == "****1101"
    assert phi.mask_identifier("CRM-00042871") == "****2871"
    assert phi.mask_identifier("P12345") == "****"  # too short: four would give it away
    assert phi.mask_identifier(None) == "****"
    assert phi.mask_identifier(12345678) == "****5678"


def test_duplicate_patient_key_and_an_id_that_spells_it_out_are_masked() -> None:
    safe = phi.redact_exception(
        exception_id="DUPLICATE_PATIENT:CRM-00042871|CRM-00091334",
        exception_type="DUPLICATE_PATIENT",
        entity_key="CRM-00042871|CRM-00091334",
        details=None,
    )
    assert safe.entity_key == "****2871|****1334"
    assert safe.exception_id == "DUPLICATE_PATIENT:****2871|****1334"
    assert safe.details == ""


def test_record_keys_are_kept_and_unknown_types_masked() -> None:
    for exception_type, key in [
        ("REMIT_NOT_POSTED", "CLM-2026-000101"),
        ("REVENUE_GL_VARIANCE", "FAC01|2026-11-20"),
        ("REFERRAL_WITHOUT_ACCOUNT", "REF-5521"),
    ]:
        safe = phi.redact_exception(exception_id="EX-1", exception_type=exception_type, entity_key=key, details={})
        assert safe.entity_key == key
    unknown = phi.redact_exception(
        exception_id="EX-2", exception_type="SOMETHING_NEW", entity_key="MBR8841209377", details=None
    )
    assert unknown.entity_key == "****9377"


def test_details_names_birth_dates_and_member_ids_never_survive() -> None:
    details = {
        "claim_id": "CLM-1",
        "net_paid": 12.5,
        "post_date": "2026-11-20",
        "patient_id": "CRM-00077310",
        "member_id": "XQK447120058",
        "account_id": "ACCT-0099887766",
        "first_name": "Thaddeus",
        "patient_name": "Thaddeus Okonkwo",
        "birth_date": "1951-02-09",
        "dob": 19510209,
        "free_text": "call Thaddeus Okonkwo back",
        "days_waiting": 9,
        "referrals_a": [{"referral_id": "REF-1", "last_name": "Okonkwo", "file_line": 3}],
        "patients": [{"id": "CRM-00077310", "referral_id": "REF-1"}],
        "file_name": "referrals.csv",
        "payer_name": "Aetna",
    }
    out = phi.redact_details(json.dumps(details))
    text = json.dumps(out)
    for secret in ("Thaddeus", "Okonkwo", "1951-02-09", "19510209", "XQK447120058", "CRM-00077310", "ACCT-0099887766"):
        assert secret not in text
    assert out["claim_id"] == "CLM-1" and out["net_paid"] == 12.5 and out["post_date"] == "2026-11-20"
    assert out["patient_id"] == "****7310" and out["member_id"] == "****0058" and out["account_id"] == "****7766"
    assert out["first_name"] == out["birth_date"] == out["dob"] == out["free_text"] == phi.REDACTED
    assert out["referrals_a"] == [{"referral_id": "REF-1", "last_name": phi.REDACTED, "file_line": 3}]
    # Below an identifier key, even record ids are masked (the parent is the stricter class).
    assert out["patients"] == [{"id": "****7310", "referral_id": "****"}]
    assert out["days_waiting"] == 9 and out["file_name"] == "referrals.csv" and out["payer_name"] == "Aetna"


def test_details_that_are_not_json_are_redacted_whole() -> None:
    assert phi.redact_details("Okonkwo, Thaddeus 1951-02-09") == phi.REDACTED
