"""DUPLICATE_PATIENT and name normalization (CONTRACT §3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rc_support import D0, day

from hc_reconcile.reconcile.names import normalize_name


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("Élodie", "ELODIE", True),
        ("élodie", "Elodie", True),
        ("Øyvind", "Oyvind", False),  # Ø is not decomposed: stays ø
        ("Ann-Marie", "annmarie", True),  # only letters are kept
        ("O'Brien", "OBRIEN", True),
        ("Strauß", "STRAUSS", True),  # casefold: ß = ss
        ("ﬁona", "FIONA", True),  # NFKD: the ligature ﬁ = fi
        ("Zoë", "Zoe", True),
        ("Ann2", "Ann", True),
        ("Ann", "Anne", False),
    ],
)
def test_normalize_name(a, b, equal):
    assert (normalize_name(a) == normalize_name(b)) is equal


def test_normalize_name_values():
    assert normalize_name("Élodie") == "elodie"
    assert normalize_name("Ø") == "ø"


def test_duplicate_patient_pairs_with_normalized_names(wh):
    born = date(1980, 5, 1)
    wh.referral("R1", patient_id="P1", first_name="Élodie", last_name="Dupont", birth_date=born)
    wh.referral("R2", patient_id="P2", first_name="ELODIE", last_name="DUPONT", birth_date=born)
    wh.referral(
        "R3", patient_id="P3", first_name="Elodie", last_name="Dupont", birth_date=date(1980, 5, 2)
    )
    wh.referral("R4", patient_id="P4", first_name="Øyvind", last_name="Berg", birth_date=born)
    wh.referral("R5", patient_id="P5", first_name="Oyvind", last_name="Berg", birth_date=born)
    wh.referral("R6", patient_id="P1", first_name="Elodie", last_name="Dupont", birth_date=born)
    wh.referral("R7", patient_id="P6", first_name="Elodie", last_name="Martin", birth_date=born)
    assert wh.run_found(D0, "DUPLICATE_PATIENT") == {"P1|P2": Decimal("0")}


def test_duplicate_patient_every_pair_of_a_group_in_code_point_order(wh):
    for referral_id, patient_id in [("R1", "P9"), ("R2", "P10"), ("R3", "p1"), ("R4", "P9")]:
        wh.referral(referral_id, patient_id=patient_id, status="Declined")  # any status
    # distinct patient ids P10, P9, p1 (code point order: "P10" < "P9" < "p1")
    assert set(wh.run_found(D0, "DUPLICATE_PATIENT")) == {"P10|P9", "P10|p1", "P9|p1"}


def test_crm_merge_resolves_duplicate_patient(wh):
    wh.referral("R1", patient_id="P1", first_name="Ann", last_name="Lee")
    wh.referral("R2", patient_id="P2", first_name="ANN", last_name="LEE")
    wh.run(D0)
    assert set(wh.found(D0, "DUPLICATE_PATIENT")) == {"P1|P2"}
    # the merge re-sends R2 under the surviving patient_id
    wh.referral("R2", patient_id="P1", first_name="ANN", last_name="LEE", on=day(1))
    wh.run(day(1))
    assert wh.found(day(1), "DUPLICATE_PATIENT") == {}
    [row] = [r for r in wh.exceptions() if r[0] == "DUPLICATE_PATIENT"]
    assert row[1:6] == ("P1|P2", "resolved", D0, D0, day(1))
