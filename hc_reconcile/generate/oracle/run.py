"""Run the reference oracle over a landing directory: the ground truth."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from hc_reconcile.generate.oracle.feeds import FeedRow, compute_feeds
from hc_reconcile.generate.oracle.kpis import KpiValue, compute_kpis
from hc_reconcile.generate.oracle.rules import detect
from hc_reconcile.generate.oracle.snapshot import Snapshot
from hc_reconcile.generate.oracle.values import parse_iso_date
from hc_reconcile.generate.oracle.warehouse import FileLog, RejectedRow, Warehouse

FOLDER_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ExcKey = tuple[str, str]


@dataclass
class Lifecycle:
    exception_type: str
    entity_key: str
    first_seen: date
    last_seen: date
    resolved_on: date | None
    amount: Decimal


@dataclass
class Truth:
    dates: list[date]
    open_daily: dict[date, dict[ExcKey, Decimal]] = field(default_factory=dict)
    kpis: dict[date, dict[str, KpiValue]] = field(default_factory=dict)
    feeds: dict[date, list[FeedRow]] = field(default_factory=dict)
    file_log: list[FileLog] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    exceptions: list[Lifecycle] = field(default_factory=list)


def business_dates(landing: Path) -> list[tuple[date, Path]]:
    """Date folders whose name is a real date YYYY-MM-DD, in date order (others skipped)."""
    out = []
    for p in landing.iterdir():
        if p.is_dir() and FOLDER_RE.fullmatch(p.name):
            d = parse_iso_date(p.name)
            if d is not None:
                out.append((d, p))
    return sorted(out)


def lifecycle(dates: list[date], open_daily: dict[date, dict[ExcKey, Decimal]]) -> list[Lifecycle]:
    """§2 recon.exceptions after running every date in order."""
    rows: dict[ExcKey, Lifecycle] = {}
    for d in dates:
        for key, amount in open_daily[d].items():
            life = rows.get(key)
            if life is None:
                rows[key] = Lifecycle(key[0], key[1], d, d, None, amount)
            else:
                life.last_seen = d
                life.amount = amount
    nxt = {d: dates[i + 1] for i, d in enumerate(dates[:-1])}
    for life in rows.values():
        life.resolved_on = nxt.get(life.last_seen)
    return sorted(rows.values(), key=lambda x: (x.exception_type, x.entity_key))


def run_oracle(landing: Path) -> Truth:
    dated = business_dates(landing)
    truth = Truth(dates=[d for d, _ in dated])
    wh = Warehouse()
    for d, path in dated:
        wh.load_folder(path, d)
        snap = Snapshot(wh, d)
        open_set = detect(snap)
        truth.open_daily[d] = open_set
        truth.kpis[d] = compute_kpis(snap, open_set, wh.file_log, wh.resent.get(d, 0))
        truth.feeds[d] = compute_feeds(snap, open_set)
    truth.file_log = wh.file_log
    truth.rejected = wh.rejected
    truth.exceptions = lifecycle(truth.dates, truth.open_daily)
    return truth
