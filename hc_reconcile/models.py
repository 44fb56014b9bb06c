"""Build the analyst models of ``dbt_like_sql/`` with dbt itself (dbt-core + dbt-duckdb).

Runs dbt's programmatic runner against the working database after the platform closed its
own connection (DuckDB allows one writer). Until the dbt project has models this is a no-op.
"""

from __future__ import annotations

from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_like_sql"


def build_models(*, database: Path) -> None:
    """``dbt build`` the project against ``database``; a no-op when the project is absent."""
    if not (DBT_PROJECT_DIR / "dbt_project.yml").is_file():
        return
    from hc_reconcile.dbt_runner import run_dbt

    run_dbt(["build"], database=database)
