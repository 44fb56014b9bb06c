"""hc_reconcile.dbt_runner: builds, fails loudly on errors, warns on warnings, leaves the
repo alone, and the models survive publishing under another file name."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import duckdb
import pytest
import sqlm_checks
from sqlm_scenario import build_empty

from hc_reconcile.dbt_runner import DBT_PROJECT_DIR, cache_dir, run_dbt
from hc_reconcile.errors import WarehouseError
from hc_reconcile.models import build_models

MARTS = [
    "fct_open_exceptions", "mart_exception_aging", "fct_claim_remit_reconciliation", "fct_eft_reassociation",
    "mart_payer_scorecard", "mart_kpi_trend", "mart_exception_flow_daily",
]


def _project_files() -> dict[str, float]:
    return {str(p.relative_to(DBT_PROJECT_DIR)): p.stat().st_mtime for p in DBT_PROJECT_DIR.rglob("*")}


def test_empty_warehouse_builds_empty_marts(dbt_cache: Path, tmp_path: Path) -> None:
    before = _project_files()
    path = build_empty(tmp_path / "work.duckdb")
    build_models(database=path)  # what the pipeline calls
    con = duckdb.connect(str(path), read_only=True)
    try:
        for mart in MARTS:
            assert con.execute(f"SELECT count(*) FROM marts.{mart}").fetchone() == (0,), mart
        sqlm_checks.check_all(con)
    finally:
        con.close()
    # dbt wrote its artifacts to the cache, nothing into the project
    assert _project_files() == before
    assert (cache_dir(path) / "target" / "run_results.json").is_file()
    assert str(dbt_cache) in str(cache_dir(path))


def test_published_copy_keeps_working_views(built_scenario: Path, tmp_path: Path) -> None:
    """Views name no DuckDB catalog, so they resolve in the published file (another name)."""
    published = Path(shutil.copy(built_scenario, tmp_path / "warehouse.duckdb"))
    con = duckdb.connect(str(published), read_only=True)
    try:
        views = con.execute(
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal AND schema_name IN ('staging', 'intermediate')"
        ).fetchall()
        assert len(views) > 20
        for schema, view in views:
            con.execute(f'SELECT * FROM "{schema}"."{view}" LIMIT 1').fetchall()
        sqlm_checks.check_all(con)
    finally:
        con.close()


def test_warnings_are_logged_not_raised(built_scenario: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The scenario has a posting for a claim billing does not know: a warn test, the run goes on."""
    results = json.loads((cache_dir(built_scenario) / "target" / "run_results.json").read_text())
    statuses = {r["unique_id"]: r["status"] for r in results["results"]}
    warned = [uid for uid, s in statuses.items() if s == "warn"]
    assert any("relationships_core_postings_claim_id" in uid for uid in warned)
    assert not [uid for uid, s in statuses.items() if s in ("error", "fail")]
    with caplog.at_level(logging.WARNING, logger="hc_reconcile.dbt_runner"):
        run_dbt(["test", "--select", "source:core.postings"], database=built_scenario)
    assert any("relationships_core_postings_claim_id" in r.getMessage() for r in caplog.records)


def test_error_severity_failure_raises_warehouse_error(scenario_copy: Path) -> None:
    con = duckdb.connect(str(scenario_copy))
    con.execute("INSERT INTO core.claims SELECT * FROM core.claims WHERE claim_id = 'C1'")
    con.close()
    with pytest.raises(WarehouseError) as err:
        run_dbt(["build"], database=scenario_copy)
    message = str(err.value)
    assert "source_unique_core_claims_claim_id" in message and "fail" in message
    # the file is released: the platform can open it again right away
    duckdb.connect(str(scenario_copy)).close()


def test_broken_database_path_raises_warehouse_error(tmp_path: Path) -> None:
    (tmp_path / "not_a_db.duckdb").write_text("this is not a DuckDB file")
    with pytest.raises(WarehouseError, match=r"dbt build \(analyst models"):
        run_dbt(["build"], database=tmp_path / "not_a_db.duckdb")


def test_docs_generate_builds_the_catalog(built_scenario: Path, scenario_copy: Path) -> None:
    run_dbt(["docs", "generate"], database=scenario_copy)
    catalog = json.loads((cache_dir(scenario_copy) / "target" / "catalog.json").read_text())
    nodes = catalog["nodes"]
    claim_mart = nodes["model.hc_reconcile.fct_claim_remit_reconciliation"]
    assert "difference" in claim_mart["columns"]
    assert "source.hc_reconcile.recon.exceptions" in catalog["sources"]


def test_old_cache_folders_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from hc_reconcile import dbt_runner

    monkeypatch.setenv(dbt_runner.CACHE_ENV, str(tmp_path))
    folders = [tmp_path / f"{i:016x}" for i in range(dbt_runner.KEEP_CACHES + 5)]
    for age, folder in enumerate(folders):
        folder.mkdir()
        os.utime(folder, (1_000_000 - age, 1_000_000 - age))  # folders[0] most recent
    (tmp_path / "dagster").mkdir()
    keep = folders[-1]  # the oldest, but in use
    dbt_runner._prune_caches(keep=keep)
    remaining = sorted(p.name for p in tmp_path.iterdir())
    expected = sorted([f.name for f in folders[: dbt_runner.KEEP_CACHES - 1]] + [keep.name, "dagster"])
    assert remaining == expected


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="no warehouse file"):
        run_dbt(["build"], database=tmp_path / "absent.duckdb")
    assert not (tmp_path / "absent.duckdb").exists()
