"""``hc-reconcile run``: bring the warehouse in line with the landing folder and reconcile.

As of D means "computed from the date folders ≤ D, loaded in date order into an empty
warehouse" (CONTRACT Definitions). A run therefore:

1. hashes every landing file of the dates it may need and compares each date's file set
   (source, name, SHA-256) with what the warehouse loaded for that date (``recon.load_state``);
2. finds the earliest date that changed (new, late file, re-delivered, removed) and reloads
   it and every loaded date after it, in date order, because duplicate files and re-sent
   835 transactions are decided against everything loaded before;
3. reconciles the requested dates, plus every reconciled date it had to reload;
4. one DuckDB transaction per date (ingest + reconcile), then the feeds, then — once at the
   end — refreshes the ``core.*`` current-state tables and publishes the warehouse.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

import duckdb

from hc_reconcile.config import Settings
from hc_reconcile.errors import LandingError
from hc_reconcile.ingest.load_date import DateIngest, delete_date, hash_files, ingest_date
from hc_reconcile.ingest.outcome import FileOutcome
from hc_reconcile.ingest.prepare import Preparer
from hc_reconcile.landing import LandedFile, list_dates, list_files
from hc_reconcile.warehouse import current_state
from hc_reconcile.warehouse.working import WorkingWarehouse, transaction

log = logging.getLogger(__name__)


class Progress(Protocol):
    def plan(self, *, dates: list[date], files: int) -> None: ...
    def file_done(self, file: LandedFile, outcome: FileOutcome) -> None: ...
    def date_done(self, business_date: date) -> None: ...


@dataclass
class RunSummary:
    warehouse: Path
    outbox: Path
    reconciled: list[date] = field(default_factory=list)
    ingested: list[date] = field(default_factory=list)
    skipped_folders: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)
    rows_loaded: int = 0
    rows_rejected: int = 0
    open_exceptions: int = 0
    open_amount: str = "0.00"
    as_of: date | None = None

    def add(self, ingest: DateIngest) -> None:
        self.ingested.append(ingest.business_date)
        for _, outcome in ingest.outcomes:
            self.files[outcome.status] = self.files.get(outcome.status, 0) + 1
        self.rows_loaded += ingest.rows_loaded
        self.rows_rejected += ingest.rows_rejected

    def paragraph(self) -> str:
        if not self.reconciled and not self.ingested:
            return f"Nothing to do: no business dates to load under the landing folder. Warehouse: {self.warehouse}."
        span = (
            f"{self.reconciled[0]} to {self.reconciled[-1]}" if len(self.reconciled) > 1
            else (str(self.reconciled[0]) if self.reconciled else "no date")
        )
        files = sum(self.files.values())
        parts = [
            f"Reconciled {len(self.reconciled)} business date(s) ({span}); loaded {len(self.ingested)} date folder(s) "
            f"with {files} file(s): {self.files.get('loaded', 0)} loaded, "
            f"{self.files.get('duplicate', 0)} duplicate, {self.files.get('quarantined', 0)} quarantined.",
            f"{self.rows_loaded:,} rows/transactions loaded, {self.rows_rejected:,} rejected "
            "(see recon.rejected_rows and recon.file_log).",
        ]
        if self.as_of is not None:
            parts.append(
                f"As of {self.as_of}: {self.open_exceptions:,} open exception(s) worth {self.open_amount} "
                "(recon.exceptions)."
            )
        if self.skipped_folders:
            parts.append(f"Skipped folder(s) that are not dates: {', '.join(self.skipped_folders)}.")
        parts.append(f"Warehouse: {self.warehouse}; correction feeds: {self.outbox}/<date>/.")
        return " ".join(parts)


def _fingerprint(files: list[LandedFile], hashes: dict[Path, str]) -> str:
    lines = "\n".join(f"{f.source}/{f.name}:{hashes[f.path]}" for f in files)
    return hashlib.sha256(lines.encode()).hexdigest()


def _plan(
    con: duckdb.DuckDBPyConnection, *, landing_dates: list[date], requested: list[date], fingerprints: dict[date, str]
) -> tuple[list[date], list[date], list[date]]:
    """Dates to (ingest, reconcile, unload), each sorted (reconcile: ``_with_unreconciled``)."""
    stored = dict(con.execute("SELECT business_date, fingerprint FROM recon.load_state").fetchall())
    reconciled = {r[0] for r in con.execute("SELECT business_date FROM recon.run_dates").fetchall()}
    horizon = max(requested)
    changed = [d for d in landing_dates if d <= horizon and stored.get(d) != fingerprints[d]]
    removed = [d for d in stored if d not in fingerprints]
    first_change = min([*changed, *removed], default=None)
    ingest = set(requested)
    reconcile = _with_unreconciled(requested, candidates=landing_dates, reconciled=reconciled)
    if first_change is not None:
        ingest |= {d for d in changed}
        ingest |= {d for d in stored if d >= first_change and d in fingerprints}
        reconcile |= {d for d in reconciled if d >= first_change and d in fingerprints}
    return sorted(ingest), sorted(reconcile), sorted(removed)


def _with_unreconciled(
    requested: list[date], *, candidates: Iterable[date], reconciled: set[date]
) -> set[date]:
    """The requested dates plus every earlier candidate date no run has reconciled yet.

    The lifecycle (resolved_on = the business date after last_seen) and the KPI rows of
    every business date need each date's detections, so reconciling D also reconciles the
    earlier dates never reconciled (CONTRACT §2 ``recon.exceptions``, ``recon.kpi_daily``).
    ``run`` takes the landing dates as candidates, ``reconcile_dates`` the loaded ones.
    """
    if not requested:
        return set()
    horizon = max(requested)
    return set(requested) | {d for d in candidates if d < horizon and d not in reconciled}


def run(
    settings: Settings,
    *,
    dates: list[date] | None = None,
    progress: Progress | None = None,
    reconcile: bool = True,
    publish: bool = True,
) -> RunSummary:
    """Load and reconcile; see the module docstring. Raises HcReconcileError subclasses only.

    ``reconcile=False`` only loads (the Dagster ingest asset); ``publish=False`` leaves the
    analysts' file alone (a later step publishes).
    """
    from hc_reconcile.reconcile import reconcile_date, write_feeds

    landing_dates, skipped = list_dates(settings.landing)
    if dates:
        missing = [d for d in dates if d not in landing_dates]
        if missing:
            raise LandingError(
                f"no landing folder for {', '.join(map(str, missing))} under {settings.landing}"
            )
        requested = sorted(set(dates))
    else:
        requested = landing_dates
    summary = RunSummary(
        warehouse=settings.warehouse, outbox=settings.outbox, skipped_folders=skipped
    )
    if not requested:
        return summary

    files_by_date = {d: list_files(settings.landing, d) for d in landing_dates}
    hashes = hash_files([f.path for files in files_by_date.values() for f in files])
    fingerprints = {d: _fingerprint(files, hashes) for d, files in files_by_date.items()}

    warehouse = WorkingWarehouse(
        published=settings.warehouse,
        work_dir=settings.resolved_work_dir,
        lock_wait_seconds=settings.lock_wait_seconds,
    )
    con = warehouse.open()
    try:
        ingest, to_reconcile, removed = _plan(
            con, landing_dates=landing_dates, requested=requested, fingerprints=fingerprints
        )
        if not reconcile:
            # Load only (the Dagster ingest step): the requested dates (and earlier ones never
            # reconciled) are reconciled by the next step, but already-reconciled dates
            # reloaded here must not go stale.
            done = {r[0] for r in con.execute("SELECT business_date FROM recon.run_dates").fetchall()}
            to_reconcile = [d for d in to_reconcile if d not in requested and d in done]
        ingest_set = set(ingest)
        # Mark everything about to be reloaded as not loaded first: a crash part-way leaves
        # those dates visibly stale, and the next run reloads them.
        with transaction(con, what="marking dates for reload"):
            for d in [*ingest, *removed]:
                con.execute("DELETE FROM recon.load_state WHERE business_date = ?", [d])
            for d in removed:
                delete_date(con, d)
                con.execute("DELETE FROM recon.run_dates WHERE business_date = ?", [d])
                con.execute("DELETE FROM recon.exception_detections WHERE business_date = ?", [d])
                con.execute("DELETE FROM recon.kpi_daily WHERE business_date = ?", [d])
            if removed:
                from hc_reconcile.reconcile.lifecycle import rebuild_exceptions

                rebuild_exceptions(con)

        todo = sorted(ingest_set | set(to_reconcile))
        if progress is not None:
            progress.plan(dates=todo, files=sum(len(files_by_date.get(d, [])) for d in ingest))
        with Preparer(
            [f for d in todo if d in ingest_set for f in files_by_date[d]], workers=settings.workers
        ) as preparer:
            for d in todo:
                with transaction(con, what=f"business date {d} in {warehouse.path}"):
                    if d in ingest_set:
                        day = ingest_date(
                            con,
                            business_date=d,
                            files=files_by_date[d],
                            hashes=hashes,
                            quarantine_dir=settings.resolved_quarantine_dir,
                            on_file=progress.file_done if progress is not None else None,
                            x12_validate=settings.x12_validate,
                            preparer=preparer,
                        )
                        con.execute(
                            "INSERT OR REPLACE INTO recon.load_state VALUES (?, ?, ?)",
                            [d, fingerprints[d], len(files_by_date[d])],
                        )
                        current_state.advance(con, d)
                        summary.add(day)
                    feeds = reconcile_date(con, business_date=d, settings=settings) if d in to_reconcile else None
                if feeds is not None:
                    write_feeds(feeds, outbox=settings.outbox, business_date=d)
                    summary.reconciled.append(d)
                if progress is not None:
                    progress.date_done(d)

        refresh_current_state(con)
        if reconcile:
            _summarise_open(con, summary, requested[-1])
        if publish:
            _publish(warehouse, settings)
    finally:
        warehouse.close()
    return summary


def _summarise_open(con: duckdb.DuckDBPyConnection, summary: RunSummary, as_of: date) -> None:
    summary.as_of = as_of
    row = con.execute(
        "SELECT count(*), coalesce(sum(amount), 0) FROM recon.exception_detections WHERE business_date = ?",
        [as_of],
    ).fetchall()
    count, amount = row[0]
    summary.open_exceptions, summary.open_amount = int(count), f"{amount:.2f}"


def _publish(warehouse: WorkingWarehouse, settings: Settings) -> None:
    """Build the analyst models on the working copy (one writer: our connection is closed
    first), then publish it."""
    warehouse.close()
    if settings.build_models:
        from hc_reconcile.models import build_models

        build_models(database=warehouse.path, cash_account=settings.accounts.cash)
    warehouse.publish()


def reconcile_dates(settings: Settings, *, dates: list[date]) -> RunSummary:
    """Reconcile already-loaded dates (the Dagster reconcile asset); does not load or publish."""
    from hc_reconcile.reconcile import reconcile_date, write_feeds

    summary = RunSummary(warehouse=settings.warehouse, outbox=settings.outbox)
    with WorkingWarehouse(
        published=settings.warehouse,
        work_dir=settings.resolved_work_dir,
        lock_wait_seconds=settings.lock_wait_seconds,
    ) as con:
        loaded = {r[0] for r in con.execute("SELECT business_date FROM recon.load_state").fetchall()}
        missing = [d for d in dates if d not in loaded]
        if missing:
            raise LandingError(
                f"business date(s) {', '.join(map(str, missing))} not loaded yet: run the ingest step first"
            )
        reconciled = {r[0] for r in con.execute("SELECT business_date FROM recon.run_dates").fetchall()}
        todo = _with_unreconciled(sorted(set(dates)), candidates=loaded, reconciled=reconciled)
        for d in sorted(todo):
            with transaction(con, what=f"reconciliation of {d}"):
                feeds = reconcile_date(con, business_date=d, settings=settings)
            write_feeds(feeds, outbox=settings.outbox, business_date=d)
            summary.reconciled.append(d)
        if dates:
            _summarise_open(con, summary, max(dates))
    return summary


def publish(settings: Settings) -> Path:
    """Refresh current state, build the analyst models and publish the warehouse file."""
    warehouse = WorkingWarehouse(
        published=settings.warehouse,
        work_dir=settings.resolved_work_dir,
        lock_wait_seconds=settings.lock_wait_seconds,
    )
    con = warehouse.open()
    try:
        refresh_current_state(con)
        _publish(warehouse, settings)
    finally:
        warehouse.close()
    return settings.warehouse


def refresh_current_state(con: duckdb.DuckDBPyConnection) -> None:
    """``core.<source>``: every key's current version as of the latest loaded date."""
    with transaction(con, what="the current-state refresh"):
        current_state.refresh(con)
