"""Build the analyst models of ``dbt_like_sql/`` with dbt itself (dbt-core + dbt-duckdb).

Runs dbt's programmatic runner against the working database after the platform closed its
own connection (DuckDB allows one writer).
"""

from __future__ import annotations

import json
from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_like_sql"


def build_models(*, database: Path, cash_account: str = "1010") -> None:
    """``dbt build`` the project against ``database``; a no-op when the project is absent.

    The settings dbt needs (the cash account) are passed as dbt vars, so a value set in the
    TOML file reaches dbt as well as one set in the environment.
    """
    if not (DBT_PROJECT_DIR / "dbt_project.yml").is_file():
        return
    from hc_reconcile.dbt_runner import run_dbt

    run_dbt(["build", "--vars", json.dumps({"cash_account": cash_account})], database=database)
