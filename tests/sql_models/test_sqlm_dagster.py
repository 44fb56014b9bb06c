"""assets/sql_models.py: the Definitions load from a fresh clone (no manifest yet), every dbt
model is an asset downstream of the platform's assets, every dbt test an asset check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hc_reconcile.dbt_runner import REPO

SCRIPT = r"""
import json
from dagster import Definitions
from assets import sql_models
from assets.resources import default_resources

defs = Definitions.merge(sql_models.defs, Definitions(resources=default_resources()))
graph = defs.get_repository_def().asset_graph
specs = {s.key.to_user_string(): s for s in sql_models.analyst_models.specs}
print(json.dumps({
    "manifest": str(sql_models.dbt_project.manifest_path),
    "assets": sorted(specs),
    "deps": {k: sorted(d.asset_key.to_user_string() for d in s.deps) for k, s in specs.items()},
    "groups": {k: s.group_name for k, s in specs.items()},
    "checks": sorted(f"{c.asset_key.to_user_string()}:{c.name}" for c in graph.asset_check_keys),
    "resources": sorted(sql_models.defs.resources),
}))
"""


def test_definitions_load_from_a_fresh_clone(tmp_path: Path) -> None:
    env = {**os.environ, "HC_DBT_CACHE_DIR": str(tmp_path / "cache")}  # no manifest there yet
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(info["manifest"]).is_file() and str(tmp_path) in info["manifest"]
    assert not list(tmp_path.rglob("*.duckdb"))  # parsing opened no database
    assert info["resources"] == ["dbt"]

    models = {a.rsplit("/", 1)[-1]: a for a in info["assets"]}
    for mart in ("fct_open_exceptions", "mart_exception_aging", "fct_claim_remit_reconciliation",
                 "fct_eft_reassociation", "mart_payer_scorecard", "mart_kpi_trend", "mart_exception_flow_daily"):
        assert mart in models
        assert info["groups"][models[mart]] == "analyst_marts"
    # staging models hang off the platform's assets, not off dbt source assets
    assert info["deps"][models["stg_recon__exceptions"]] == ["recon_exceptions"]
    assert info["deps"][models["stg_recon__kpi_daily"]] == ["kpi_daily"]
    for name in ("stg_remit__claims", "stg_core__postings", "stg_raw__charges", "stg_recon__file_log"):
        assert info["deps"][models[name]] == ["landing_files"], name
    assert info["deps"][models["fct_open_exceptions"]] == sorted(
        [models["int_as_of"], models["stg_recon__exceptions"]]
    )

    checks = info["checks"]
    assert f"{models['fct_claim_remit_reconciliation']}:unique_fct_claim_remit_reconciliation_claim_id" in checks
    # singular tests are checks on the mart they validate
    assert f"{models['fct_claim_remit_reconciliation']}:assert_posted_mismatch_equals_claim_difference" in checks
    assert f"{models['fct_eft_reassociation']}:assert_eft_matched_cash_sums_to_bpr02" in checks
    singular = [c for c in checks if ":assert_" in c]
    assert len(singular) == len(list((REPO / "dbt_like_sql" / "tests").glob("assert_*.sql")))
