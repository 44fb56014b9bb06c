"""Every mart against the platform's tables, on the hand-made scenario (sqlm_scenario.py)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
import sqlm_checks
from sqlm_checks import rows
from sqlm_scenario import AS_OF


@pytest.mark.parametrize("check", sqlm_checks.CHECKS, ids=lambda c: c.__name__)
def test_mart_matches_platform_tables(scenario_con: duckdb.DuckDBPyConnection, check) -> None:
    check(scenario_con)


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> dict:
    [row] = rows(con, sql)
    return row


def test_scenario_covers_every_status_and_bucket(scenario_con: duckdb.DuckDBPyConnection) -> None:
    """The scenario exercises every value the marts can take (so the checks above mean something)."""
    con = scenario_con
    claim_status = {r["match_status"] for r in rows(con, "SELECT match_status FROM marts.fct_claim_remit_reconciliation")}
    assert claim_status == {"matched", "amount_differs", "remit_not_posted", "posted_without_remit", "no_payment_activity"}
    eft_status = {r["reassociation_status"] for r in rows(con, "SELECT reassociation_status FROM marts.fct_eft_reassociation")}
    assert eft_status == {"matched", "amount_off", "unmatched_remit", "no_payment", "unmatched_cash"}
    buckets = {r["aging_bucket"] for r in rows(con, "SELECT aging_bucket FROM marts.fct_open_exceptions")}
    assert buckets == {"0-3", "4-7", "8-14", "15-30", "30+"}
    flow = _one(con, "SELECT sum(reopened_count) AS re, sum(resolved_count) AS res FROM marts.mart_exception_flow_daily")
    assert flow["re"] >= 1 and flow["res"] >= 2


def test_aging_boundaries(scenario_con: duckdb.DuckDBPyConnection) -> None:
    ages = {r["exception_id"]: (r["age_days"], r["aging_bucket"]) for r in rows(scenario_con, "SELECT * FROM marts.fct_open_exceptions")}
    assert ages["X1"] == (0, "0-3") and ages["X12"] == (3, "0-3") and ages["X2"] == (4, "4-7")
    assert ages["X10"] == (30, "15-30") and ages["X11"] == (31, "30+")
    assert "X7" not in ages  # resolved


def test_as_of_and_versions(scenario_con: duckdb.DuckDBPyConnection) -> None:
    con = scenario_con
    c2 = _one(con, "SELECT * FROM marts.fct_claim_remit_reconciliation WHERE claim_id = 'C2'")
    # the later version of the claim wins; difference = the open POSTED_AMOUNT_MISMATCH amount
    assert (c2["total_charge"], c2["net_paid"], c2["posted_amount"], c2["difference"]) == (
        Decimal("210.00"), Decimal("170.00"), Decimal("150.00"), Decimal("20.00"))
    assert c2["open_exception_types"] == "POSTED_AMOUNT_MISMATCH" and c2["as_of_date"] == AS_OF
    c1 = _one(con, "SELECT * FROM marts.fct_claim_remit_reconciliation WHERE claim_id = 'C1'")
    assert c1["posted_amount"] == Decimal("80.00")  # the posting dated after the as-of date is left out
    assert c1["last_activity_date"] == c1["last_post_date"]
    eft2 = _one(con, "SELECT * FROM marts.fct_eft_reassociation WHERE trn02 = 'EFT002'")
    assert (eft2["cash_amount"], eft2["difference"], eft2["open_exception_types"]) == (
        Decimal("200.00"), Decimal("50.00"), "EFT_AMOUNT_MISMATCH")


def test_payer_scorecard_figures(scenario_con: duckdb.DuckDBPyConnection) -> None:
    """A few figures worked out by hand (the general check recomputes all of them)."""
    card = {r["payer_id"]: r for r in rows(scenario_con, "SELECT * FROM marts.mart_payer_scorecard")}
    assert set(card) == {"P1", "P2", "(unknown)"}
    assert card["P2"]["denial_rate"] == 0.5 and card["P1"]["denial_rate"] == 0.0
    assert card["P1"]["underpayment_amount"] == Decimal("15.00")  # CO-97 10 + CO-253 5; CO-45 is contractual
    assert card["P2"]["underpayment_amount"] == Decimal("10.00")  # PI-94; the denial's CO-50 is not an underpayment
    assert (card["P1"]["reversal_count"], card["P1"]["reversal_amount"]) == (1, Decimal("-90.00"))
    assert (card["P1"]["plb_count"], card["P1"]["plb_amount"]) == (1, Decimal("5.00"))
    assert card["P1"]["avg_days_service_to_payment"] == 15.0  # (12 + 11 + 17 + 20) / 4; C7 has no charges
    assert card["(unknown)"]["avg_days_service_to_payment"] is None


def test_kpi_trend_keeps_nulls(scenario_con: duckdb.DuckDBPyConnection) -> None:
    nulls = rows(scenario_con, "SELECT business_date FROM marts.mart_kpi_trend WHERE denial_rate IS NULL")
    long_nulls = rows(scenario_con, "SELECT business_date FROM recon.kpi_daily WHERE kpi = 'denial_rate' AND value IS NULL")
    assert nulls and sorted(r["business_date"] for r in nulls) == sorted(r["business_date"] for r in long_nulls)


def test_every_model_and_column_is_documented(built_scenario) -> None:
    import json

    from hc_reconcile.dbt_runner import cache_dir

    manifest = json.loads((cache_dir(built_scenario) / "target" / "manifest.json").read_text())
    con = duckdb.connect(str(built_scenario), read_only=True)
    try:
        for node in manifest["nodes"].values():
            if node["resource_type"] != "model":
                continue
            assert node["description"].strip().startswith("Grain:"), node["name"]
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
                [node["schema"], node["name"]]).fetchall()]
            assert cols, node["name"]
            documented = {k: v["description"].strip() for k, v in node["columns"].items()}
            missing = [c for c in cols if not documented.get(c)]
            assert not missing, (node["name"], missing)
            assert set(documented) <= set(cols), (node["name"], set(documented) - set(cols))
    finally:
        con.close()
