"""Duplicate landing files (CONTRACT §1): the same bytes as a file loaded before are not loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from hc_reconcile.ingest.load_date import hash_files, ingest_date
from hc_reconcile.landing import list_files
from hc_reconcile.warehouse.ddl import ensure_schema

D1, D2 = date(2026, 11, 2), date(2026, 11, 3)
CLAIMS = b"claim_id,account_id,payer_id,facility_id,total_charge,submitted_date\nC1,A1,P1,F1,10.00,2026-11-01\n"
BROKEN = b"no,header,we,know\n1,2,3,4\n"


def _land(landing: Path, on: date, source: str, name: str, data: bytes) -> None:
    folder = landing / on.isoformat() / "billing"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def _ingest(con: duckdb.DuckDBPyConnection, landing: Path, on: date, tmp: Path) -> dict[str, tuple[str, str | None]]:
    files = list_files(landing, on)
    con.begin()
    result = ingest_date(con, business_date=on, files=files, hashes=hash_files([f.path for f in files]),
                         quarantine_dir=tmp / "quarantine")
    con.commit()
    return {f"{f.source}/{f.name}": (o.status, o.reason) for f, o in result.outcomes}


def test_duplicates_name_the_first_file_loaded_and_quarantined_files_do_not_count(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    _land(landing, D1, "claims", "claims_a.csv", CLAIMS)
    _land(landing, D1, "claims", "claims_b.csv", CLAIMS)        # same date, later file
    _land(landing, D1, "accounts", "accounts_bad.csv", BROKEN)    # quarantined ...
    _land(landing, D2, "accounts", "accounts_again.csv", BROKEN)  # ... so its copy is not a duplicate
    _land(landing, D2, "claims", "claims_c.csv", CLAIMS)        # a later date
    con = duckdb.connect()
    ensure_schema(con)
    first = _ingest(con, landing, D1, tmp_path)
    assert first["claims/claims_a.csv"] == ("loaded", None)
    assert first["claims/claims_b.csv"] == ("duplicate", f"same SHA-256 as {D1}/claims/claims_a.csv, loaded before")
    assert first["accounts/accounts_bad.csv"][0] == "quarantined"
    second = _ingest(con, landing, D2, tmp_path)
    assert second["claims/claims_c.csv"] == ("duplicate", f"same SHA-256 as {D1}/claims/claims_a.csv, loaded before")
    assert second["accounts/accounts_again.csv"][0] == "quarantined"
    # Reloading D1 gives the same outcome (its own earlier rows are replaced, not matched).
    assert _ingest(con, landing, D1, tmp_path) == first
