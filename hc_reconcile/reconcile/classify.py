"""Who works an exception (owner_queue) and how urgent it is (severity).

Severity is the larger of a money band on abs(amount) and a floor per type:
high when abs(amount) >= 10,000.00, medium when >= 1,000.00, else low; the floor raises
types whose risk is not money at stake (duplicate patients, duplicate payments, a referral
waiting for an account, cash that cannot be matched to a claim). See docs/rules.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import duckdb

from hc_reconcile.reconcile.types import EXCEPTION_TYPES, ExceptionType, OwnerQueue, Severity

HIGH_AMOUNT = Decimal("10000.00")
MEDIUM_AMOUNT = Decimal("1000.00")


class Route(NamedTuple):
    owner_queue: OwnerQueue
    severity_floor: Severity


ROUTES: dict[ExceptionType, Route] = {
    "REMIT_CLAIM_NOT_FOUND": Route("cash_posting", "medium"),
    "REMIT_NOT_POSTED": Route("cash_posting", "low"),
    "POSTED_AMOUNT_MISMATCH": Route("cash_posting", "low"),
    "POSTING_WITHOUT_REMIT": Route("payer_follow_up", "low"),
    "DUPLICATE_PAYMENT": Route("payer_follow_up", "medium"),
    "EFT_NOT_IN_GL": Route("general_ledger", "low"),
    "EFT_AMOUNT_MISMATCH": Route("general_ledger", "low"),
    "UNAPPLIED_CASH": Route("cash_posting", "low"),
    "UNBILLED_CHARGE": Route("billing", "low"),
    "REVENUE_GL_VARIANCE": Route("general_ledger", "low"),
    "REFERRAL_WITHOUT_ACCOUNT": Route("patient_access", "medium"),
    "DUPLICATE_PATIENT": Route("patient_access", "medium"),
    "REMIT_UNBALANCED": Route("payer_follow_up", "low"),
}
assert set(ROUTES) == set(EXCEPTION_TYPES)

SEVERITY_RANK: dict[Severity, int] = {"low": 1, "medium": 2, "high": 3}


def create_route_table(con: duckdb.DuckDBPyConnection) -> None:
    """TEMP TABLE rc_route(exception_type, owner_queue, floor_rank) from ``ROUTES``."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rc_route "
        "(exception_type VARCHAR, owner_queue VARCHAR, floor_rank INTEGER)"
    )
    rows = [
        (exception_type, route.owner_queue, SEVERITY_RANK[route.severity_floor])
        for exception_type, route in ROUTES.items()
    ]
    marks = ", ".join("(?, ?, ?)" for _ in rows)
    con.execute(f"INSERT INTO rc_route VALUES {marks}", [v for row in rows for v in row])


def severity_params() -> dict[str, object]:
    return {"high_amount": HIGH_AMOUNT, "medium_amount": MEDIUM_AMOUNT}
