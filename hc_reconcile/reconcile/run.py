"""Reconcile one business date: rules, detections, lifecycle, KPIs and feeds."""

from __future__ import annotations

from datetime import date

import duckdb

from hc_reconcile.config import Settings
from hc_reconcile.reconcile.detect import evaluate_rules, record_detections
from hc_reconcile.reconcile.feeds import Feeds, build_feeds
from hc_reconcile.reconcile.inputs import drop_inputs, materialise_inputs
from hc_reconcile.reconcile.kpis import write_kpis
from hc_reconcile.reconcile.lifecycle import (
    apply_date,
    is_consistent,
    mark_run_date,
    rebuild_exceptions,
    snapshot_previous,
)
from hc_reconcile.reconcile.params import run_params


def reconcile_date(
    con: duckdb.DuckDBPyConnection, *, business_date: date, settings: Settings
) -> Feeds:
    """Evaluate every rule as of ``business_date`` (D) and record the results.

    Replaces D's rows of recon.exception_detections and recon.kpi_daily, adds D to
    recon.run_dates, brings recon.exceptions up to date (see lifecycle.py), and returns D's
    correction feeds. Runs in the caller's transaction and drops its temp tables; reads
    only data dated <= D, so re-running an old date after later ones gives the same result
    as running it first.
    """
    params = run_params(business_date=business_date, settings=settings)
    materialise_inputs(con, params=params)
    evaluate_rules(con, params=params)
    consistent = is_consistent(con)
    snapshot_previous(con, business_date=business_date)
    record_detections(con, business_date=business_date)
    mark_run_date(con, business_date=business_date)
    if consistent:
        apply_date(con, business_date=business_date)
    else:
        rebuild_exceptions(con)
    write_kpis(con, params=params)
    feeds = build_feeds(con, params=params)
    drop_inputs(con)
    return feeds
