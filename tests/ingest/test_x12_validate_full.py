"""x12_validate = "full": pyx12's findings are recorded beside our own verdict, off the fast path."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from hc_reconcile.config import load_settings
from hc_reconcile.pipeline import run


def _landing(tmp_path: Path, samples_dir: Path) -> Path:
    remit = tmp_path / "landing" / "2026-11-02" / "remit"
    remit.mkdir(parents=True)
    shutil.copy(samples_dir / "835" / "pyx12__835_simple.835", remit)
    shutil.copy(samples_dir / "835" / "bad" / "lfh__managed-care.txt", remit)
    return tmp_path / "landing"


def test_full_validation_records_pyx12_findings(tmp_path: Path, samples_dir: Path) -> None:
    landing = _landing(tmp_path, samples_dir)
    counts = {}
    for mode in ("off", "full"):
        settings = load_settings(
            landing=landing, warehouse=tmp_path / mode / "wh.duckdb", outbox=tmp_path / mode / "out",
            build_models=False, x12_validate=mode,
        )
        run(settings)
        con = duckdb.connect(str(settings.warehouse), read_only=True)
        counts[mode] = (
            con.execute("SELECT count(*) FROM recon.x12_findings").fetchall()[0][0],
            con.execute("SELECT status, rows_loaded, rows_rejected FROM recon.file_log ORDER BY file_name").fetchall(),
            con.execute("SELECT DISTINCT file_name FROM recon.x12_findings").fetchall(),
        )
        con.close()
    assert counts["off"][0] == 0
    assert counts["full"][0] > 0
    assert ("lfh__managed-care.txt",) in counts["full"][2]
    assert counts["full"][1] == counts["off"][1]  # a second opinion never changes what loads
