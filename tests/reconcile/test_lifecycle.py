"""recon.exceptions lifecycle (CONTRACT §2): ids, first/last seen, resolve, re-open, and
independence from the order in which dates are reconciled."""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal

import duckdb
import pytest
from rc_support import D0, Warehouse, day

from hc_reconcile.reconcile.lifecycle import rebuild_exceptions
from hc_reconcile.warehouse.ddl import ensure_schema


def _flip_flop(wh: Warehouse) -> None:
    """CH1 unbilled from D0 - 8; billed on D0 + 2; un-billed again on D0 + 3."""
    wh.charge("CH1", post_date=day(-8), amount="10.00")
    wh.charge("CH1", post_date=day(-8), amount="10.00", claim_id="K1", on=day(2))
    wh.charge("CH1", post_date=day(-8), amount="12.00", on=day(3))


def _row(wh: Warehouse) -> tuple:
    [row] = [r for r in wh.exceptions() if r[0] == "UNBILLED_CHARGE"]
    return row


def test_exception_id_is_stable_from_type_and_entity_key(wh):
    wh.charge("CH1", post_date=day(-8), amount="10.00")
    wh.run(D0)
    wh.run(day(1))
    digest = hashlib.sha256(b"UNBILLED_CHARGE|CH1").hexdigest()[:20]
    query = "SELECT DISTINCT exception_id FROM {} WHERE exception_type = 'UNBILLED_CHARGE'"
    ids = wh.con.execute(query.format("recon.exception_detections")).fetchall()
    assert ids == [(f"EX-{digest}",)]
    assert wh.con.execute(query.format("recon.exceptions")).fetchall() == ids


def test_resolve_then_reopen_keeps_first_seen(wh):
    _flip_flop(wh)
    wh.run(D0)
    wh.run(day(1))
    assert _row(wh) == ("UNBILLED_CHARGE", "CH1", "open", D0, day(1), None, Decimal("10.00"))
    wh.run(day(2))
    assert _row(wh) == ("UNBILLED_CHARGE", "CH1", "resolved", D0, day(1), day(2), Decimal("10.00"))
    wh.run(day(3))
    assert _row(wh) == ("UNBILLED_CHARGE", "CH1", "open", D0, day(3), None, Decimal("12.00"))


def test_resolved_on_is_the_next_reconciled_date_not_the_next_calendar_day(wh):
    wh.charge("CH1", post_date=day(-8), amount="10.00")
    wh.charge("CH1", post_date=day(-8), amount="10.00", claim_id="K1", on=day(2))
    wh.run(D0)
    wh.run(day(5))
    assert _row(wh)[2:6] == ("resolved", D0, D0, day(5))


def test_details_severity_and_queue_are_those_of_the_latest_detection(wh):
    wh.charge("CH1", post_date=day(-8), amount="10.00")
    wh.charge("CH1", post_date=day(-8), amount="25000.00", on=day(1))
    wh.run(day(1))
    wh.run(D0)  # an older date run later does not overwrite the latest detection
    row = wh.con.execute(
        "SELECT amount, severity, owner_queue, CAST(details->>'$.amount' AS DECIMAL(18, 2)) "
        "FROM recon.exceptions "
        "WHERE exception_type = 'UNBILLED_CHARGE'"
    ).fetchall()
    assert row == [(Decimal("25000.00"), "high", "billing", Decimal("25000.00"))]


def _build(con: duckdb.DuckDBPyConnection) -> Warehouse:
    ensure_schema(con)
    wh = Warehouse(con)
    _flip_flop(wh)
    wh.referral("R1", status="Accepted", accepted_date=day(-3))
    wh.account("A1", referral_id="R1", created_date=day(1))
    wh.remit(day(-5), trn02="T1", clps=[("C1", "1", "100.00")])
    wh.claim("C1", total_charge="100")
    wh.posting("P1", claim_id="C1", amount="90.00", post_date=day(2))
    return wh


def test_reconciling_dates_out_of_order_gives_the_same_exceptions():
    dates = [D0, day(1), day(2), day(3), day(4)]
    in_order = _build(duckdb.connect())
    for d in dates:
        in_order.run(d)
    shuffled = _build(duckdb.connect())
    for d in [day(3), day(1), day(4), D0, day(2), day(3)]:
        shuffled.run(d)
    query = "SELECT * FROM recon.exceptions ORDER BY exception_id"
    expected = in_order.con.execute(query).fetchall()
    assert shuffled.con.execute(query).fetchall() == expected
    lifecycle = {row[1]: row[3:7] for row in expected}
    assert lifecycle == {
        "UNBILLED_CHARGE": ("open", D0, day(4), None),  # re-opened on D0 + 3
        "REVENUE_GL_VARIANCE": ("open", D0, day(4), None),  # FAC1 charges of D0 - 8, no GL
        "EFT_NOT_IN_GL": ("open", D0, day(4), None),  # T1 received D0 - 5, never booked
        "REFERRAL_WITHOUT_ACCOUNT": ("resolved", D0, D0, day(1)),  # account on D0 + 1
        "REMIT_NOT_POSTED": ("resolved", D0, day(1), day(2)),  # posted on D0 + 2
        "POSTED_AMOUNT_MISMATCH": ("open", day(2), day(4), None),  # posted 90 of 100
    }


def _table(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT * FROM recon.exceptions ORDER BY exception_id").fetchall()


@pytest.mark.parametrize("seed", range(4))
def test_incremental_lifecycle_equals_full_derivation(seed):
    """Random runs, reruns after a date's data changed, and unloaded dates: after every run
    recon.exceptions equals the derivation from all detections (rebuild_exceptions)."""
    rng = random.Random(seed)
    wh = Warehouse(duckdb.connect())
    ensure_schema(wh.con)
    for n in range(6):
        for on in sorted(rng.sample(range(8), 3)):
            billed = rng.random() < 0.5
            wh.charge(f"CH{n}", post_date=day(-10), amount=str(n + on), on=day(on),
                      claim_id="K" if billed else None)  # fmt: skip
    for step in range(12):
        d = day(rng.randrange(8))
        action = rng.choice(["run", "run", "reload", "unload"])
        if action == "unload":  # what the pipeline does for a removed date folder
            for table in ("recon.run_dates", "recon.exception_detections", "raw.charges"):
                wh.con.execute(f"DELETE FROM {table} WHERE business_date = ?", [d])
            continue
        if action == "reload":  # the date's data changed: flip every charge row of d
            wh.con.execute(
                "UPDATE raw.charges SET claim_id = CASE WHEN claim_id IS NULL THEN 'K' END "
                "WHERE business_date = ?",
                [d],
            )
        wh.run(d)
        incremental = _table(wh.con)
        rebuild_exceptions(wh.con)
        assert incremental == _table(wh.con), (seed, step, action, d)
