"""State never depends on the order dates were run in; reloading a date changes nothing."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import duckdb
from e2e_support import Dataset, outbox_bytes, settings_for, snapshot

from hc_reconcile.ingest.specs import SPECS
from hc_reconcile.landing import list_dates
from hc_reconcile.pipeline import run


def _dates(dataset: Dataset) -> list[date]:
    return list_dates(dataset.landing)[0][:12]


def test_shuffled_single_date_runs_equal_an_in_order_run(small_dataset: Dataset, tmp_path: Path) -> None:
    dates = _dates(small_dataset)
    in_order = settings_for(tmp_path / "in_order", small_dataset.landing)
    run(in_order, dates=dates)
    shuffled = settings_for(tmp_path / "shuffled", small_dataset.landing)
    order = dates[:]
    random.Random(11).shuffle(order)
    assert order != dates
    for d in order:
        run(shuffled, dates=[d])
    run(shuffled, dates=[order[0]])  # and a plain rerun of one date changes nothing
    assert snapshot(shuffled.warehouse) == snapshot(in_order.warehouse)
    assert outbox_bytes(shuffled.outbox) == outbox_bytes(in_order.outbox)


def test_asof_from_current_state_equals_the_full_definition(small_dataset: Dataset, tmp_path: Path) -> None:
    dates = _dates(small_dataset)
    settings = settings_for(tmp_path, small_dataset.landing)
    run(settings, dates=dates)
    run(settings, dates=[dates[4]])  # an older date reloaded: core is rebuilt, then refreshed
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        assert con.execute("SELECT as_of FROM recon.core_state").fetchall() == [(dates[-1],)]
        for source in SPECS:
            for d in (dates[-1], dates[4], dates[0]):
                fast = con.execute(f"SELECT * FROM raw.{source}_asof(?::DATE) ORDER BY ALL", [d]).fetchall()
                full = con.execute(f"SELECT * FROM raw.{source}_asof_full(?::DATE) ORDER BY ALL", [d]).fetchall()
                assert fast == full, (source, d)
            core = con.execute(f"SELECT * FROM core.{source} ORDER BY ALL").fetchall()
            assert core == con.execute(
                f"SELECT * FROM raw.{source}_asof_full(?::DATE) ORDER BY ALL", [dates[-1]]
            ).fetchall()
            assert len(core) > 0, source
    finally:
        con.close()


def test_late_file_for_an_old_date_through_the_dagster_steps(small_dataset: Dataset, tmp_path: Path) -> None:
    """Ingest-only for D (the landing sensor's request) re-reconciles later dates it reloaded."""
    import shutil

    from hc_reconcile.pipeline import reconcile_dates

    dates = _dates(small_dataset)[:7]
    landing = tmp_path / "landing"
    for d in dates:
        shutil.copytree(small_dataset.landing / d.isoformat(), landing / d.isoformat())
    stepwise = settings_for(tmp_path / "stepwise", landing)
    run(stepwise, dates=dates)
    late = landing / dates[1].isoformat() / "billing" / "postings_zz_late.csv"
    late.write_text(
        "posting_id,claim_id,posting_type,amount,post_date\n"
        f"LATE-1,NO-SUCH-CLAIM,PAYMENT,42.10,{dates[1].isoformat()}\n"
    )
    run(stepwise, dates=[dates[1]], reconcile=False, publish=False)
    reconcile_dates(stepwise, dates=[dates[1]])
    from hc_reconcile.pipeline import publish

    publish(stepwise)
    fresh = settings_for(tmp_path / "fresh", landing)
    run(fresh, dates=dates)
    assert snapshot(stepwise.warehouse) == snapshot(fresh.warehouse)
    assert outbox_bytes(stepwise.outbox) == outbox_bytes(fresh.outbox)
    con = duckdb.connect(str(fresh.warehouse), read_only=True)
    found = con.execute(
        "SELECT min(business_date) FROM recon.exception_detections WHERE entity_key = 'NO-SUCH-CLAIM'"
    ).fetchall()[0][0]
    con.close()
    assert found == dates[5]  # POSTING_WITHOUT_REMIT: D − post_date > 3 first holds on post_date + 4


def _copy_dates(dataset: Dataset, target: Path, dates: list[date]) -> Path:
    import shutil

    for d in dates:
        shutil.copytree(dataset.landing / d.isoformat(), target / d.isoformat())
    return target


def test_removed_date_folders_are_unloaded(small_dataset: Dataset, tmp_path: Path) -> None:
    import shutil

    dates = _dates(small_dataset)[:5]
    landing = _copy_dates(small_dataset, tmp_path / "landing", dates)
    settings = settings_for(tmp_path / "a", landing)
    run(settings)
    shutil.rmtree(landing / dates[2].isoformat())
    shutil.rmtree(landing / dates[4].isoformat())  # the last date too
    run(settings)
    reference = settings_for(tmp_path / "b", landing)
    run(reference)
    assert snapshot(settings.warehouse) == snapshot(reference.warehouse)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    kpi_dates = {r[0] for r in con.execute("SELECT DISTINCT business_date FROM recon.kpi_daily").fetchall()}
    con.close()
    assert kpi_dates == {dates[0], dates[1], dates[3]}


def test_two_warehouses_in_one_folder_do_not_share_state(small_dataset: Dataset, tmp_path: Path) -> None:
    from hc_reconcile.config import load_settings

    dates = _dates(small_dataset)
    one = _copy_dates(small_dataset, tmp_path / "one", dates[:3])
    two = _copy_dates(small_dataset, tmp_path / "two", dates[5:6])
    shared = tmp_path / "shared"
    a = load_settings(landing=one, warehouse=shared / "a.duckdb", outbox=shared / "out_a", build_models=False)
    b = load_settings(landing=two, warehouse=shared / "b.duckdb", outbox=shared / "out_b", build_models=False)
    run(a)
    run(b)
    con = duckdb.connect(str(b.warehouse), read_only=True)
    loaded = [r[0] for r in con.execute("SELECT business_date FROM recon.load_state").fetchall()]
    con.close()
    assert loaded == [dates[5]]


def test_running_some_dates_reconciles_every_earlier_business_date(small_dataset: Dataset, tmp_path: Path) -> None:
    """``run --date D3`` then ``--date D6`` gives the lifecycle and KPIs of running D0..D6."""
    dates = _dates(small_dataset)[:7]
    every = settings_for(tmp_path / "every", small_dataset.landing)
    run(every, dates=dates)
    some = settings_for(tmp_path / "some", small_dataset.landing)
    run(some, dates=[dates[3]])
    run(some, dates=[dates[6]])
    assert snapshot(some.warehouse) == snapshot(every.warehouse)
    assert outbox_bytes(some.outbox) == outbox_bytes(every.outbox)
    con = duckdb.connect(str(some.warehouse), read_only=True)
    kpi_dates = {r[0] for r in con.execute("SELECT DISTINCT business_date FROM recon.kpi_daily").fetchall()}
    con.close()
    assert kpi_dates == set(dates)
