"""Quality domain: asset checks wrapping ``hc_reconcile.quality``.

* ``erp_journals_balance`` on ``correction_feeds``: ERROR (non-blocking) when a journal of
  ``<outbox>/<D>/erp_journal_corrections.csv`` does not sum to 0.
* ``great_expectations_marts`` on ``published_warehouse``: WARN when a Great Expectations suite
  on the marts of the published file fails; Data Docs in ``<warehouse dir>/data_docs/``.
"""

from datetime import date

import duckdb
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    Definitions,
    MetadataValue,
    asset_check,
)

from assets.operations import _md_table, _read_warehouse
from assets.resources import HcReconcileResource
from hc_reconcile.config import Settings
from hc_reconcile.quality import erp_journals_unbalanced, run_mart_expectations

CORRECTION_FEEDS = AssetKey("correction_feeds")
PUBLISHED = AssetKey("published_warehouse")


def _business_date(context: AssetCheckExecutionContext, settings: Settings) -> date | None:
    """The run's partition date, else the latest loaded date of the warehouse (as operations.py)."""
    if context.has_partition_key:
        return date.fromisoformat(context.partition_key)
    try:
        with _read_warehouse(settings) as con:
            rows = con.execute("SELECT max(business_date) FROM recon.load_state").fetchall()
    except (FileNotFoundError, duckdb.Error):
        return None
    return rows[0][0] if rows and rows[0][0] is not None else None


@asset_check(
    asset=CORRECTION_FEEDS,
    name="erp_journals_balance",
    blocking=False,
    description="ERROR when a journal of <outbox>/<D>/erp_journal_corrections.csv does not sum to 0.",
)
def erp_journals_balance(
    context: AssetCheckExecutionContext, platform: HcReconcileResource
) -> AssetCheckResult:
    settings = platform.settings()
    d = _business_date(context, settings)
    if d is None:
        return AssetCheckResult(
            passed=True,
            severity=AssetCheckSeverity.ERROR,
            description="no business date (no partition, nothing loaded): nothing to check",
            metadata={"business_date": MetadataValue.null(), "count": 0},
        )
    unbalanced = erp_journals_unbalanced(settings.outbox, d)
    feed = settings.outbox / d.isoformat() / "erp_journal_corrections.csv"
    return AssetCheckResult(
        passed=not unbalanced,
        severity=AssetCheckSeverity.ERROR,
        description=f"{len(unbalanced)} unbalanced ERP journal(s) in {feed}",
        metadata={
            "business_date": str(d),
            "count": len(unbalanced),
            "first_ids": MetadataValue.text(", ".join(unbalanced[:20])),
            "feed": MetadataValue.path(str(feed)),
        },
    )


@asset_check(
    asset=PUBLISHED,
    name="great_expectations_marts",
    description="WARN when a Great Expectations suite on the marts of the published warehouse fails; "
    "Data Docs HTML in <warehouse dir>/data_docs/.",
)
def great_expectations_marts(platform: HcReconcileResource) -> AssetCheckResult:
    warehouse = platform.settings().warehouse.resolve()
    docs_dir = warehouse.parent / "data_docs"
    result = run_mart_expectations(warehouse, docs_dir=docs_dir)
    rows = [
        (m.mart, m.rows, m.evaluated, len(m.failed), m.error or ", ".join(m.failed))
        for m in result.marts
    ]
    metadata: dict[str, object] = {
        "warehouse": MetadataValue.path(str(warehouse)),
        "expectations_evaluated": result.evaluated,
        "expectations_failed": result.failed,
        "per_mart": MetadataValue.md(
            _md_table(["mart", "rows", "evaluated", "failed", "detail"], rows)
        ),
    }
    if result.docs_index is not None:
        metadata["data_docs"] = MetadataValue.path(str(result.docs_index))
        metadata["data_docs_url"] = MetadataValue.url(result.docs_index.resolve().as_uri())
    return AssetCheckResult(
        passed=result.success,
        severity=AssetCheckSeverity.WARN,
        description=(
            f"{result.evaluated} expectation(s) on {len(result.marts)} mart(s): "
            f"{result.failed} failure(s)"
        ),
        metadata=metadata,
    )


defs = Definitions(asset_checks=[erp_journals_balance, great_expectations_marts])
