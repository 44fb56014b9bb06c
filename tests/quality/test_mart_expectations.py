"""Great Expectations on the marts of a warehouse built by the real pipeline on generated data."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckSeverity, build_asset_check_context

from assets.quality import erp_journals_balance, great_expectations_marts
from assets.resources import HcReconcileResource
from hc_reconcile import pipeline
from hc_reconcile.config import load_settings
from hc_reconcile.generate import generate
from hc_reconcile.quality import MARTS, run_mart_expectations


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("quality")
    generate(root, days=4, seed=2, scale="small")
    settings = load_settings(
        landing=root / "landing",
        warehouse=root / "wh" / "warehouse.duckdb",
        outbox=root / "outbox",
        build_models=True,
    )
    pipeline.run(settings)
    assert settings.warehouse.is_file()
    return root


def test_marts_pass_and_data_docs_written(built: Path, tmp_path: Path) -> None:
    result = run_mart_expectations(built / "wh" / "warehouse.duckdb", docs_dir=tmp_path / "docs")
    assert result.success, result.failures
    assert [m.mart for m in result.marts] == list(MARTS)
    assert result.evaluated >= 20 and result.failed == 0
    assert result.docs_index == tmp_path / "docs" / "index.html"
    assert result.docs_index.is_file()
    assert "marts.mart_kpi_trend" in result.docs_index.read_text(encoding="utf-8")


def test_duplicated_kpi_row_fails(built: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    shutil.copy(built / "wh" / "warehouse.duckdb", broken)
    con = duckdb.connect(str(broken))
    try:
        con.execute(
            "INSERT INTO marts.mart_kpi_trend SELECT * FROM marts.mart_kpi_trend "
            "ORDER BY business_date LIMIT 1"
        )
    finally:
        con.close()
    result = run_mart_expectations(broken, docs_dir=tmp_path / "docs")
    assert not result.success
    by_mart = {m.mart: m for m in result.marts}
    assert not by_mart["mart_kpi_trend"].success
    assert any("unique" in f and "business_date" in f for f in by_mart["mart_kpi_trend"].failed)
    assert all(m.success for name, m in by_mart.items() if name != "mart_kpi_trend")
    assert result.docs_index is not None and result.docs_index.is_file()


def test_missing_marts_reported_not_raised(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    result = run_mart_expectations(empty, docs_dir=tmp_path / "docs")
    assert not result.success
    assert all("missing" in (m.error or "") for m in result.marts)
    missing = run_mart_expectations(tmp_path / "nope.duckdb", docs_dir=tmp_path / "docs2")
    assert not missing.success and len(missing.marts) == len(MARTS)


def _platform(built: Path, outbox: Path | None = None) -> HcReconcileResource:
    return HcReconcileResource(
        landing=str(built / "landing"),
        warehouse=str(built / "wh" / "warehouse.duckdb"),
        outbox=str(outbox or built / "outbox"),
    )


def test_asset_checks_on_generated_run(built: Path) -> None:
    platform = _platform(built)
    ge = great_expectations_marts(build_asset_check_context(resources={"platform": platform}))
    assert ge.passed, ge.metadata
    assert ge.severity == AssetCheckSeverity.WARN
    docs = Path(ge.metadata["data_docs"].value)
    assert docs == built / "wh" / "data_docs" / "index.html" and docs.is_file()
    erp = erp_journals_balance(build_asset_check_context(resources={"platform": platform}))
    assert erp.passed and erp.severity == AssetCheckSeverity.ERROR
    assert erp.metadata["business_date"].value == "2026-11-04"


def test_erp_check_fails_with_error_on_unbalanced_feed(built: Path, tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    feed = outbox / "2026-11-04" / "erp_journal_corrections.csv"
    feed.parent.mkdir(parents=True)
    feed.write_text(
        "journal_id,line_no,exception_id,entity_id,account,cost_center,amount,reference,description\n"
        "JX,1,E1,ENT,1010,CC,10.00,R,cash\nJX,2,E1,ENT,1200,CC,-9.00,R,offset\n",
        encoding="utf-8",
    )
    platform = _platform(built, outbox)
    erp = erp_journals_balance(build_asset_check_context(resources={"platform": platform}))
    assert not erp.passed and erp.severity == AssetCheckSeverity.ERROR
    assert erp.metadata["count"].value == 1 and erp.metadata["first_ids"].value == "JX"
