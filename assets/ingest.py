"""Ingest domain: landing files of a business date → raw tables, 835 remit tables, file log."""


from dagster import AssetExecutionContext, Definitions, MaterializeResult, MetadataValue, asset

from assets.partitions import daily_partitions, partition_date
from assets.resources import HcReconcileResource
from hc_reconcile.pipeline import run


@asset(
    partitions_def=daily_partitions,
    group_name="ingest",
    description=(
        "Loads the business date's landing folder (and any earlier folder that changed) into "
        "raw.*, remit.* and recon.file_log / recon.rejected_rows. Bad rows are rejected, bad files "
        "quarantined; nothing is lost."
    ),
)
def landing_files(context: AssetExecutionContext, platform: HcReconcileResource) -> MaterializeResult:
    d = partition_date(context.partition_key)
    summary = run(platform.settings(), dates=[d], reconcile=False, publish=False)
    return MaterializeResult(
        metadata={
            "business_dates_loaded": MetadataValue.text(", ".join(map(str, summary.ingested))),
            "files_loaded": summary.files.get("loaded", 0),
            "files_duplicate": summary.files.get("duplicate", 0),
            "files_quarantined": summary.files.get("quarantined", 0),
            "rows_loaded": summary.rows_loaded,
            "rows_rejected": summary.rows_rejected,
        }
    )


defs = Definitions(assets=[landing_files])
