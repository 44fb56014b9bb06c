"""Analyst layer: every dbt model of ``dbt_like_sql/`` an asset, every dbt test an asset check.

The models sit downstream of the platform's assets: the dbt sources over ``raw``, ``core``,
``remit`` and the load bookkeeping map to ``landing_files``, ``recon.kpi_daily`` to
``kpi_daily`` and the other reconciliation tables to ``recon_exceptions`` (those assets are
defined in other modules). ``dbt build`` runs on the run's working copy of the warehouse,
like ``hc-reconcile run`` does before it publishes.

The manifest is parsed at load time when missing or older than the project (a fresh clone
has none), in-process with dbt's runner, into ``<HC_DBT_CACHE_DIR or .cache/dbt>/dagster``.
"""

# No `from __future__ import annotations`: dagster checks the `context` annotation at runtime.
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetSpec, Definitions
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from assets.resources import HcReconcileResource
from hc_reconcile.dbt_runner import (
    DATABASE_ENV,
    DBT_PROJECT_DIR,
    cache_root,
    environ,
    parse_manifest,
    project_mtime,
    prune_folders,
)
from hc_reconcile.errors import WarehouseError
from hc_reconcile.warehouse.working import WorkingWarehouse

LANDING_FILES = AssetKey("landing_files")
RECON_EXCEPTIONS = AssetKey("recon_exceptions")
KPI_DAILY = AssetKey("kpi_daily")

# recon tables written by the load step; every other recon table comes from reconciliation.
_LOAD_BOOKKEEPING = {"file_log", "rejected_rows", "load_state"}


def source_asset_key(source_name: str, table_name: str) -> AssetKey:
    """The platform asset that produces the dbt source ``source_name.table_name``."""
    if source_name == "recon":
        if table_name == "kpi_daily":
            return KPI_DAILY
        if table_name not in _LOAD_BOOKKEEPING:
            return RECON_EXCEPTIONS
    return LANDING_FILES


class HcDbtTranslator(DagsterDbtTranslator):
    """dbt sources → the platform's asset keys; models grouped by layer (staging, ...)."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source":
            return spec.replace_attributes(key=source_asset_key(props["source_name"], props["name"]))
        return spec

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "model":
            return f"analyst_{dbt_resource_props['config'].get('schema') or 'marts'}"
        return super().get_group_name(dbt_resource_props)


DAGSTER_DBT_DIR = cache_root() / "dagster"


def _prepared_project() -> DbtProject:
    project = DbtProject(
        project_dir=DBT_PROJECT_DIR,
        profiles_dir=DBT_PROJECT_DIR,
        target_path=DAGSTER_DBT_DIR / "target",
    )
    manifest = project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < project_mtime():
        parse_manifest(manifest.parent)
    return project


dbt_project = _prepared_project()
translator = HcDbtTranslator(
    settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_duplicate_source_asset_keys=True)
)


def _dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    return str(beside_python) if beside_python.exists() else "dbt"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    name="analyst_models",
)
def analyst_models(
    context: AssetExecutionContext, dbt: DbtCliResource, platform: HcReconcileResource
) -> Iterator[Any]:
    """``dbt build`` of the selected models and their tests on the working warehouse."""
    settings = platform.settings()
    database = WorkingWarehouse(published=settings.warehouse, work_dir=settings.resolved_work_dir).path
    if not database.is_file():  # dbt would create an empty one the platform would then build on
        raise WarehouseError(f"no working warehouse at {database}: materialize landing_files first")
    runs = DAGSTER_DBT_DIR / "runs"
    prune_folders(runs, newest=10)  # artifacts of the last runs only
    # The dbt subprocess inherits the environment at spawn time (inside dbt.cli).
    with environ({DATABASE_ENV: str(database.resolve())}):
        invocation = dbt.cli(["build"], context=context, target_path=runs / context.run.run_id[:8])
    yield from invocation.stream()


defs = Definitions(
    assets=[analyst_models],
    resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=_dbt_executable())},
)
