"""A business date is all or nothing; analysts never block the run and the run never blocks them."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from e2e_support import CLI, REPO, Dataset, outbox_bytes, settings_for, snapshot

from hc_reconcile.pipeline import run


def _run_args(root: Path, landing: Path) -> list[str]:
    return [
        "run", "--landing", str(landing), "--warehouse", str(root / "warehouse.duckdb"),
        "--outbox", str(root / "outbox"),
    ]


def test_killed_runs_then_rerun_equal_an_uninterrupted_run(small_dataset: Dataset, tmp_path: Path) -> None:
    env = {**os.environ, "HC_BUILD_MODELS": "false"}
    reference = tmp_path / "reference"
    done = subprocess.run([*CLI, *_run_args(reference, small_dataset.landing)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    start = time.perf_counter()
    crashed = tmp_path / "crashed"
    rng = random.Random(20261125)
    kills = 0
    for _ in range(4):
        proc = subprocess.Popen([*CLI, *_run_args(crashed, small_dataset.landing)], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 6.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 1, "the run finished before any kill: make the data set larger"
    final = subprocess.run([*CLI, *_run_args(crashed, small_dataset.landing)], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    assert snapshot(crashed / "warehouse.duckdb") == snapshot(reference / "warehouse.duckdb")
    assert outbox_bytes(crashed / "outbox") == outbox_bytes(reference / "outbox")
    assert time.perf_counter() - start < 400


def test_reader_keeps_its_view_and_does_not_block_the_run(small_dataset: Dataset, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    dates = sorted(p.name for p in small_dataset.landing.iterdir() if p.is_dir() and p.name[:2] == "20")
    for name in dates[:5]:
        shutil.copytree(small_dataset.landing / name, landing / name)
    settings = settings_for(tmp_path, landing)
    run(settings)
    reader = duckdb.connect(str(settings.warehouse), read_only=True)
    before = reader.execute("SELECT count(*) FROM recon.file_log").fetchall()
    for name in dates[5:8]:
        shutil.copytree(small_dataset.landing / name, landing / name)
    run(settings)  # must not be blocked by the open reader
    assert reader.execute("SELECT count(*) FROM recon.file_log").fetchall() == before
    assert reader.execute("SELECT max(business_date) FROM recon.run_dates").fetchall()[0][0].isoformat() == dates[4]
    reader.close()
    fresh = duckdb.connect(str(settings.warehouse), read_only=True)
    assert fresh.execute("SELECT max(business_date) FROM recon.run_dates").fetchall()[0][0].isoformat() == dates[7]
    fresh.close()


def test_second_writer_gets_a_clear_error(small_dataset: Dataset, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, small_dataset.landing)
    work = settings.resolved_work_dir / "work.duckdb"
    work.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [CLI[0], "-c", f"import duckdb,time; c=duckdb.connect({str(work)!r}); print('ok', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        result = subprocess.run([*CLI, *_run_args(tmp_path, small_dataset.landing)], cwd=REPO,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1
        assert "locked by another process" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("problem", ["missing_landing", "bad_config", "bad_date", "outbox_is_a_file", "warehouse_is_a_folder"])
def test_cannot_do_its_job_exits_non_zero_with_a_reason(tmp_path: Path, problem: str) -> None:
    args = _run_args(tmp_path, tmp_path / "nowhere")
    env = dict(os.environ)
    if problem == "bad_config":
        (tmp_path / "nowhere").mkdir()
        env["HC_THRESHOLDS__UNBILLED_CHARGE_DAYS"] = "soon"
    if problem == "bad_date":
        (tmp_path / "nowhere" / "2026-11-01").mkdir(parents=True)
        args += ["--date", "2026-11-02"]
    if problem in ("outbox_is_a_file", "warehouse_is_a_folder"):
        (tmp_path / "nowhere" / "2026-11-01" / "billing").mkdir(parents=True)
        (tmp_path / "nowhere" / "2026-11-01" / "billing" / "claims.csv").write_text(
            "claim_id,account_id,facility_id,total_charge,submitted_date\nC1,A1,F1,10.00,2026-10-30\n"
        )
        env["HC_BUILD_MODELS"] = "false"
        if problem == "outbox_is_a_file":
            (tmp_path / "outbox").write_text("not a folder")
        else:
            (tmp_path / "warehouse.duckdb").mkdir()
    result = subprocess.run([*CLI, *args], cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 1, result.stdout
    assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_published_warehouse_opens_in_the_duckdb_cli(small_run) -> None:  # type: ignore[no-untyped-def]
    """What analysts do: open the file read-only with the duckdb command-line shell."""
    import sys

    cli = Path(sys.executable).with_name("duckdb")
    result = subprocess.run(
        [str(cli), "-readonly", "-csv", str(small_run.settings.warehouse), "-c",
         "SELECT count(*) FROM recon.exceptions WHERE status = 'open'"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    with small_run.connect() as con:
        expected = con.execute("SELECT count(*) FROM recon.exceptions WHERE status = 'open'").fetchall()[0][0]
    assert result.stdout.split() == ["count_star()", str(expected)] and expected > 0
