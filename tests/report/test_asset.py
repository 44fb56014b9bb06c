"""The Dagster asset ``daily_report`` materializes one partition and e-mails the teams."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from report_support import D
from smtp_support import SmtpServer

dagster = pytest.importorskip("dagster")


def test_daily_report_partition(
    warehouse_file: Path, tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assets.report import daily_report, defs
    from assets.resources import HcReconcileResource

    wh = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse_file, wh)
    monkeypatch.setenv("HC_SMTP_HOST", smtp_server.host)
    monkeypatch.setenv("HC_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("HC_REPORT_RECIPIENTS", json.dumps({"billing": ["billing@hospital.example"]}))
    platform = HcReconcileResource(landing=str(tmp_path / "landing"), warehouse=str(wh), outbox=str(tmp_path / "outbox"))
    assert [a.key.to_user_string() for a in defs.assets or []] == ["daily_report"]  # type: ignore[union-attr]
    assert {k.to_user_string() for k in daily_report.dependency_keys} == {
        "recon_exceptions",
        "published_warehouse",
    }
    for attempt in range(2):  # a re-run of the partition does not e-mail again
        result = dagster.materialize([daily_report], partition_key=D.isoformat(), resources={"platform": platform})
        assert result.success
        meta = result.asset_materializations_for_node("daily_report")[0].metadata
        assert meta["emails_sent"].value == (1 if attempt == 0 else 0)
    assert (tmp_path / "reports" / f"report-{D}.html").is_file()
    assert len(smtp_server.handler.messages) == 1
