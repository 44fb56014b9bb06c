"""The Dagster code location loads, and one partition materializes in process on generated data."""

from __future__ import annotations

from pathlib import Path

import duckdb
from dagster import AssetKey, materialize

from assets.definitions import defs
from assets.ingest import landing_files
from assets.reconcile import published_warehouse, reconcile_partition
from assets.resources import HcReconcileResource
from hc_reconcile.generate import generate


def test_definitions_load_with_the_asset_graph() -> None:
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"landing_files", "recon_exceptions", "kpi_daily", "correction_feeds", "published_warehouse"} <= keys
    graph = defs.resolve_asset_graph()
    assert AssetKey("landing_files") in graph.get(AssetKey("recon_exceptions")).parent_keys


def test_materialize_one_partition_in_process(tmp_path: Path) -> None:
    generate(tmp_path / "data", days=3, seed=3, scale="small")
    landing = tmp_path / "data" / "landing"
    day = sorted(p.name for p in landing.iterdir() if p.name[:2] == "20")[1]
    platform = HcReconcileResource(
        landing=str(landing), warehouse=str(tmp_path / "wh.duckdb"), outbox=str(tmp_path / "outbox")
    )
    result = materialize(
        [landing_files, reconcile_partition, published_warehouse],
        partition_key=day,
        resources={"platform": platform},
    )
    assert result.success
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    # the partition's date and the earlier one it depends on are loaded and reconciled (every
    # business date up to the partition is reconciled once: the lifecycle needs each date)
    loaded = [str(r[0]) for r in con.execute("SELECT business_date FROM recon.load_state ORDER BY 1").fetchall()]
    reconciled = [str(r[0]) for r in con.execute("SELECT business_date FROM recon.run_dates").fetchall()]
    kpis = con.execute("SELECT count(*) FROM recon.kpi_daily WHERE business_date = ?", [day]).fetchall()[0][0]
    con.close()
    assert loaded[-1] == day and len(loaded) == 2
    assert reconciled == loaded
    assert kpis == 18
    assert sorted(p.name for p in (tmp_path / "outbox" / day).iterdir()) == [
        "billing_posting_corrections.csv", "crm_status_updates.csv", "erp_journal_corrections.csv"]
