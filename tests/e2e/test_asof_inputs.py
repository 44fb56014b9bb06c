"""As-of inputs are views over core.* when it is current, tables otherwise: same rows either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from e2e_support import RunResult

from hc_reconcile.reconcile import inputs
from hc_reconcile.reconcile.params import run_params


def _rows(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, list[tuple]]:
    return {n: sorted(con.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}


def _temp_views(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {v for (v,) in con.execute("SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal").fetchall()}


def test_views_over_core_and_tables_from_history_hold_the_same_rows(
    small_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "wh.duckdb"
    shutil.copyfile(small_run.settings.warehouse, db)
    con = duckdb.connect(str(db))
    (as_of,) = con.execute("SELECT as_of FROM recon.core_state").fetchall()[0]
    dates = [d for (d,) in con.execute("SELECT business_date FROM recon.run_dates ORDER BY 1").fetchall()]
    assert as_of == dates[-1]
    names = sorted(inputs.AS_VIEWS)

    params = run_params(business_date=as_of, settings=small_run.settings)
    inputs.materialise_inputs(con, params=params)
    assert _temp_views(con) == set(names)  # core.* is as of D: views
    as_views = _rows(con, names)
    inputs.drop_inputs(con)
    assert _temp_views(con) == set()

    monkeypatch.setattr(inputs, "AS_VIEWS", frozenset())
    inputs.materialise_inputs(con, params=params)
    assert _temp_views(con) == set()
    assert _rows(con, names) == as_views
    assert sum(len(rows) for rows in as_views.values()) > 0
    inputs.drop_inputs(con)
    monkeypatch.undo()

    # An earlier date: core.* is not as of it, so the inputs are tables computed from history.
    earlier = run_params(business_date=dates[-3], settings=small_run.settings)
    inputs.materialise_inputs(con, params=earlier)
    assert _temp_views(con) == set()
    assert _rows(con, names) != as_views
    inputs.drop_inputs(con)
    con.close()
