"""Public entry point: :func:`generate` a landing tree with its ground truth."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from hc_reconcile.generate.baseline import build_baseline
from hc_reconcile.generate.baseline.ledger import add_revenue_lines
from hc_reconcile.generate.oracle.run import run_oracle
from hc_reconcile.generate.params import Scale, params_for
from hc_reconcile.generate.truth import write_faults, write_truth
from hc_reconcile.generate.world import World
from hc_reconcile.generate.writer import write_landing


@dataclass(frozen=True)
class Manifest:
    """What was generated (also written to ``ground_truth/manifest.json``)."""

    seed: int
    scale: str
    days: int
    start: date
    ground_truth: bool  # False: the oracle was skipped (large scale)
    files: dict[str, int] = field(default_factory=dict)  # per source
    rows: dict[str, int] = field(default_factory=dict)  # CSV data rows / 835 transactions
    remit_bytes: int = 0
    remit_transactions: int = 0
    faults: int = 0
    invalid_folders: tuple[str, ...] = ()

    def to_json(self) -> str:
        d = asdict(self)
        d["start"] = self.start.isoformat()
        d["invalid_folders"] = list(self.invalid_folders)
        d["files"] = dict(sorted(self.files.items()))
        d["rows"] = dict(sorted(self.rows.items()))
        return json.dumps(d, indent=2, sort_keys=True) + "\n"


def build_world(*, days: int, seed: int, scale: Scale, start: date, faults: bool = True) -> World:
    """The in-memory model: clean baseline, then (optionally) the fault stories."""
    w = World(start=start, days=days, seed=seed, params=params_for(scale))
    build_baseline(w)
    if faults:
        from hc_reconcile.generate.stories import inject_all

        inject_all(w)
    add_revenue_lines(w)
    return w


def generate(out: Path, *, days: int, seed: int, scale: Scale = "small",
             start: date = date(2026, 11, 1), faults: bool = True) -> Manifest:
    """Write ``out/landing/<date>/...`` for ``days`` dates from ``start`` and ``out/ground_truth``.

    Deterministic for a seed: the same arguments give a byte-identical tree.
    ``faults=False`` writes the clean baseline only (no exceptions expected).
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    params = params_for(scale)
    out = Path(out)
    for sub in ("landing", "ground_truth"):
        shutil.rmtree(out / sub, ignore_errors=True)
    w = build_world(days=days, seed=seed, scale=scale, start=start, faults=faults)
    stats = write_landing(w, out)
    gt = out / "ground_truth"
    gt.mkdir(parents=True, exist_ok=True)
    write_faults(w.faults, start, gt)
    if params.ground_truth:
        write_truth(run_oracle(out / "landing"), gt)
    manifest = Manifest(
        seed=seed, scale=scale, days=days, start=start, ground_truth=params.ground_truth,
        files=stats.files, rows=stats.rows, remit_bytes=stats.remit_bytes,
        remit_transactions=stats.remit_transactions, faults=len(w.faults),
        invalid_folders=tuple(sorted(w.invalid_folders)),
    )
    (gt / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest
