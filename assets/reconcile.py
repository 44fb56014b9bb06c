"""Reconcile domain: exceptions, KPIs and correction feeds per business date, then publish."""


from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Definitions,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)

from assets.partitions import daily_partitions, partition_date
from assets.resources import HcReconcileResource
from assets.sql_models import analyst_models
from hc_reconcile.pipeline import publish, reconcile_dates


@multi_asset(
    specs=[
        AssetSpec(
            "recon_exceptions",
            deps=["landing_files"],
            description="recon.exceptions and recon.exception_detections: the rules of CONTRACT §3 as of the date.",
            group_name="reconcile",
        ),
        AssetSpec(
            "kpi_daily",
            deps=["landing_files"],
            description="recon.kpi_daily: every KPI of CONTRACT §4 for the date.",
            group_name="reconcile",
        ),
        AssetSpec(
            "correction_feeds",
            deps=["landing_files"],
            description="<outbox>/<date>/ billing, ERP and CRM correction files.",
            group_name="reconcile",
        ),
    ],
    partitions_def=daily_partitions,
)
def reconcile_partition(context: AssetExecutionContext, platform: HcReconcileResource):  # type: ignore[no-untyped-def]
    settings = platform.settings()
    d = partition_date(context.partition_key)
    summary = reconcile_dates(settings, dates=[d])
    feeds_dir = settings.outbox / d.isoformat()
    yield MaterializeResult(
        asset_key=AssetKey("recon_exceptions"),
        metadata={"open_exceptions": summary.open_exceptions, "open_amount": MetadataValue.text(summary.open_amount)},
    )
    yield MaterializeResult(asset_key=AssetKey("kpi_daily"))
    yield MaterializeResult(
        asset_key=AssetKey("correction_feeds"), metadata={"folder": MetadataValue.path(str(feeds_dir))}
    )


@asset(
    partitions_def=daily_partitions,
    deps=["recon_exceptions", "kpi_daily", "correction_feeds", *analyst_models.keys],
    group_name="reconcile",
    description=(
        "Refreshes core.* and atomically publishes the analysts' DuckDB file, after the dbt "
        "models (analyst_models) were built on the working copy."
    ),
)
def published_warehouse(context: AssetExecutionContext, platform: HcReconcileResource) -> MaterializeResult:
    # In Dagster the dbt models are their own assets (built just before); don't build twice.
    path = publish(platform.settings().model_copy(update={"build_models": False}))
    return MaterializeResult(metadata={"path": MetadataValue.path(str(path.resolve()))})


defs = Definitions(assets=[reconcile_partition, published_warehouse])
