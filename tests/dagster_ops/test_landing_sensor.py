"""The landing sensor against real folders: new folder → run; same again → nothing; late file → run."""

from __future__ import annotations

import json
import os
import time
from datetime import date, timedelta
from pathlib import Path

from dagster import DagsterInstance, SensorResult, build_sensor_context

from assets.resources import HcReconcileResource
from sensors.landing import JOB_NAME, landing_sensor
from sensors.landing_scan import content_fingerprint

D = "2026-03-02"
GL = (
    "journal_id,line_no,entity_id,account,cost_center,posting_date,amount,currency,reference,source,description\n"
    "J1,1,E1,1010,F1,2026-03-02,100.00,USD,TRN1,PAYER_EFT,\n"
)


def _tick(platform: HcReconcileResource, cursor: str | None) -> SensorResult:
    with DagsterInstance.ephemeral() as instance:
        ctx = build_sensor_context(
            instance=instance, cursor=cursor, resources={"platform": platform}
        )
        result = landing_sensor(ctx)
    assert isinstance(result, SensorResult)
    return result


def _write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data)


def test_new_folder_same_again_late_file(platform: HcReconcileResource) -> None:
    landing = Path(platform.landing)
    first = _tick(platform, None)
    assert first.run_requests == []

    _write(landing / D / "erp" / "gl_journal_001.csv", GL)
    _write(landing / D / "erp" / "notes.txt", "not a contract file")
    new = _tick(platform, first.cursor)
    assert len(new.run_requests) == 1
    request = new.run_requests[0]
    assert request.partition_key == D and request.job_name == JOB_NAME
    assert request.run_key.startswith(f"{D}:")
    assert (
        json.loads(new.cursor or "")["dates"][D]["fingerprint"] == request.run_key.split(":", 1)[1]
    )

    same = _tick(platform, new.cursor)
    assert same.run_requests == []

    # the same file delivered again (new mtime, identical bytes): still nothing
    gl = landing / D / "erp" / "gl_journal_001.csv"
    gl.write_text(GL)
    os.utime(gl, (time.time() - 60, time.time() - 60))
    redelivered = _tick(platform, same.cursor)
    assert redelivered.run_requests == []
    assert (
        json.loads(redelivered.cursor or "")["dates"][D]
        != json.loads(same.cursor or "")["dates"][D]
    )

    # a late file in the existing folder: a new request with a new key
    _write(
        landing / D / "billing" / "postings_001.csv",
        "posting_id,claim_id,posting_type,amount,post_date\n",
    )
    late = _tick(platform, redelivered.cursor)
    assert [r.partition_key for r in late.run_requests] == [D]
    assert late.run_requests[0].run_key != request.run_key

    # a second new date folder only requests that date
    _write(landing / "2026-03-03" / "remit" / "era.835", "ISA*...")
    second = _tick(platform, late.cursor)
    assert [r.partition_key for r in second.run_requests] == ["2026-03-03"]


def test_run_key_depends_on_names_and_bytes(platform: HcReconcileResource) -> None:
    landing = Path(platform.landing)
    _write(landing / D / "erp" / "gl_journal_001.csv", GL)
    key_a = _tick(platform, None).run_requests[0].run_key
    (landing / D / "erp" / "gl_journal_001.csv").rename(landing / D / "erp" / "gl_journal_002.csv")
    key_b = _tick(platform, None).run_requests[0].run_key
    (landing / D / "erp" / "gl_journal_002.csv").write_text(GL.replace("100.00", "100.01"))
    key_c = _tick(platform, None).run_requests[0].run_key
    assert len({key_a, key_b, key_c}) == 3


def test_unsettled_and_future_folders_wait(platform: HcReconcileResource, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    landing = Path(platform.landing)
    future = (date.today() + timedelta(days=3)).isoformat()
    _write(landing / future / "erp" / "gl_journal_001.csv", GL)
    waiting = _tick(platform, None)
    assert waiting.run_requests == []
    assert future not in json.loads(waiting.cursor or "")["dates"]  # looked at again later

    monkeypatch.setenv("HC_OPS_LANDING_SETTLE_SECONDS", "3600")
    _write(landing / D / "erp" / "gl_journal_001.csv", GL)  # just written: still settling
    assert _tick(platform, waiting.cursor).run_requests == []
    monkeypatch.setenv("HC_OPS_LANDING_SETTLE_SECONDS", "0")
    assert [r.partition_key for r in _tick(platform, waiting.cursor).run_requests] == [D]


def test_already_loaded_history_requests_nothing(platform: HcReconcileResource) -> None:
    """Turning the sensor on over dates the warehouse already loaded is quiet; the
    fingerprint is the one the pipeline stores in recon.load_state."""
    import duckdb

    from hc_reconcile.pipeline import run

    landing = Path(platform.landing)
    _write(landing / D / "erp" / "gl_journal_001.csv", GL)
    settings = platform.settings()
    run(settings, dates=[date.fromisoformat(D)], reconcile=False, publish=True)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    stored = con.execute("SELECT fingerprint FROM recon.load_state").fetchone()
    con.close()
    from hc_reconcile.landing import list_files

    assert stored == (content_fingerprint(tuple(list_files(landing, date.fromisoformat(D)))),)
    assert _tick(platform, None).run_requests == []
    _write(landing / D / "erp" / "gl_journal_002.csv", GL.replace("J1", "J2"))
    assert [r.partition_key for r in _tick(platform, None).run_requests] == [D]
