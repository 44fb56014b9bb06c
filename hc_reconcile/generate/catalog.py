"""Reference data of the synthetic hospital: facilities, payers, procedures, names."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Facility:
    facility_id: str
    name: str
    bill_type: str  # CLP08 facility type code
    price_factor: float
    weight: float


@dataclass(frozen=True)
class Payer:
    code: str  # file-name prefix, e.g. "meridian"
    name: str  # N1*PR N102 (ASCII, no delimiters)
    payer_id: str  # the id the platform must derive (N104, REF*2U or TRN03)
    id_style: str  # "n104" | "ref2u" | "trn03"
    trn03: str
    isa_id: str
    filing: str  # CLP06 claim filing indicator
    version: str  # "00501" (005010X221A1) or "00401" (004010X091A1)
    allowed_ratio: float
    weight: float
    city: str
    state: str
    zip: str


@dataclass(frozen=True)
class Procedure:
    cpt: str
    revenue_code: str
    price_cents: int
    max_units: int
    weight: float


FACILITIES: tuple[Facility, ...] = (
    Facility("F01", "ST BRIGID MEDICAL CENTER", "11", 1.00, 0.34),
    Facility("F02", "LAKESIDE COMMUNITY HOSPITAL", "11", 0.95, 0.24),
    Facility("F03", "NORTHGATE OUTPATIENT CENTER", "13", 1.05, 0.18),
    Facility("F04", "RIVERBEND REHAB INSTITUTE", "13", 0.90, 0.12),
    Facility("F05", "HILLCREST SURGERY CENTER", "83", 1.10, 0.07),
    Facility("F06", "ELM STREET IMAGING", "13", 1.02, 0.05),
)

PAYERS: tuple[Payer, ...] = (
    Payer("meridian", "MERIDIAN HEALTH PLAN", "60054", "n104", "1231456789", "MERIDIANHP",
          "CI", "00501", 0.78, 0.26, "HARTFORD", "CT", "06156"),
    Payer("blueriver", "BLUE RIVER BCBS", "00430", "n104", "1540654321", "BLUERIVER",
          "BL", "00501", 0.72, 0.22, "CHICAGO", "IL", "60601"),
    Payer("medicare", "MEDICARE PART A JURISDICTION 6", "06101", "ref2u", "1760987654",
          "MEDICAREJ6", "MA", "00501", 0.55, 0.18, "MADISON", "WI", "53703"),
    Payer("medicaid", "STATE MEDICAID PROGRAM", "SKMD0", "n104", "1830222333", "STMEDICAID",
          "MC", "00401", 0.48, 0.14, "COLUMBUS", "OH", "43215"),
    Payer("harbor", "HARBOR MUTUAL INSURANCE", "1311234567", "trn03", "1311234567",
          "HARBORMUT", "HM", "00501", 0.81, 0.10, "BALTIMORE", "MD", "21201"),
    Payer("summit", "SUMMIT CARE ALLIANCE", "87726", "n104", "1410555777", "SUMMITCARE",
          "12", "00501", 0.84, 0.10, "DENVER", "CO", "80202"),
    Payer("pinnacle", "PINNACLE WORKERS COMP", "WC123", "n104", "1620444888", "PINNACLEWC",
          "WC", "00501", 0.90, 0.05, "AUSTIN", "TX", "78701"),
    Payer("cascade", "CASCADE SENIOR ADVANTAGE", "CSA77", "ref2u", "1950111222", "CASCADESA",
          "HM", "00501", 0.62, 0.08, "PORTLAND", "OR", "97201"),
)

PROCEDURES: tuple[Procedure, ...] = (
    Procedure("99213", "0510", 15000, 1, 0.12),
    Procedure("99214", "0510", 22000, 1, 0.08),
    Procedure("99284", "0450", 65000, 1, 0.05),
    Procedure("99285", "0450", 98000, 1, 0.03),
    Procedure("80053", "0301", 4500, 1, 0.10),
    Procedure("85025", "0305", 3200, 1, 0.10),
    Procedure("36415", "0300", 1200, 1, 0.10),
    Procedure("71046", "0324", 12000, 1, 0.06),
    Procedure("74177", "0352", 180000, 1, 0.02),
    Procedure("70553", "0612", 250000, 1, 0.01),
    Procedure("93000", "0730", 6000, 1, 0.06),
    Procedure("97110", "0420", 9500, 4, 0.07),
    Procedure("J1885", "0636", 1800, 6, 0.06),
    Procedure("96374", "0260", 21000, 1, 0.04),
    Procedure("G0378", "0762", 8000, 24, 0.03),
    Procedure("81001", "0307", 1500, 1, 0.07),
)

FIRST_NAMES: tuple[str, ...] = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty",
    "Anthony", "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven", "Kimberly", "Paul",
    "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda",
    "Brian", "Dorothy", "George", "Melissa", "Timothy", "Deborah", "Zoë", "Renée", "Aurélie",
    "Jürgen", "Björn", "Łukasz", "Siobhán", "Nuñez", "Inés", "Chloé", "Mei", "Hiroshi",
    "Ananya", "Oluwaseun", "Kwame", "Fatima", "Omar", "Priya", "Dmitri", "Yusuf",
)

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
    "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
    "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Hill", "Green", "Adams", "Nelson", "Baker", "Hall", "Campbell", "Mitchell",
    "Carter", "Roberts", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards",
    "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Peterson", "Cooper", "Reed",
    "O'Brien", "D'Angelo", "McAllister", "Van der Berg", "St. John", "Kowalczyk", "Nguyen",
    "Schröder", "Hernández", "Gonçalves", "Fernández", "Dubois", "Lefèvre", "Papadopoulos",
    "Okafor", "Haddad", "Kim", "Chen", "Patel", "Singh", "Ivanova", "Brønstad", "Castillo",
    "Romero", "Alvarez", "Ramos", "Ortiz", "Gutiérrez",
)


def ascii_upper(name: str) -> str:
    """Name as a payer prints it in an 835: ASCII, upper case, no X12 delimiters."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(ch for ch in decomposed if ord(ch) < 128 or ch in "øØłŁ")
    kept = kept.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    return kept.upper()


def _check_distinct(names: tuple[str, ...]) -> None:
    from hc_reconcile.generate.oracle.names import normalize_name

    seen = {normalize_name(n) for n in names}
    if len(seen) != len(names):
        raise AssertionError("name catalogue has two names with the same normalized form")


_check_distinct(FIRST_NAMES)
_check_distinct(LAST_NAMES)
