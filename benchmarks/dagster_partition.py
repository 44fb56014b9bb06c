"""Time to materialize one small daily partition in process (issue 7).

    .venv/bin/python benchmarks/dagster_partition.py

Generates 3 small days, then materializes the partition of the second day end to end
(landing_files → reconciliation → published_warehouse) with Dagster's in-process executor,
and, in the same run, the same work through the library (``hc_reconcile.pipeline.run``) as
the baseline. Last line: ``dagster_partition: ratio=R seconds=S baseline_seconds=B``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dagster import materialize

from assets.ingest import landing_files
from assets.reconcile import published_warehouse, reconcile_partition
from assets.resources import HcReconcileResource
from hc_reconcile.config import load_settings
from hc_reconcile.generate import generate
from hc_reconcile.landing import list_dates
from hc_reconcile.pipeline import run


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "data", days=3, seed=5, scale="small")
        landing = root / "data" / "landing"
        day = list_dates(landing)[0][1]

        start = time.perf_counter()
        run(
            load_settings(landing=landing, warehouse=root / "lib" / "wh.duckdb", outbox=root / "lib" / "out",
                          build_models=False),
            dates=[day],
        )
        baseline = time.perf_counter() - start

        platform = HcReconcileResource(
            landing=str(landing), warehouse=str(root / "dg" / "wh.duckdb"), outbox=str(root / "dg" / "out")
        )
        start = time.perf_counter()
        result = materialize(
            [landing_files, reconcile_partition, published_warehouse],
            partition_key=day.isoformat(),
            resources={"platform": platform},
        )
        seconds = time.perf_counter() - start
        assert result.success
    print(f"partition={day} library_s={baseline:.2f} dagster_s={seconds:.2f}")
    print(f"dagster_partition: ratio={seconds / baseline:.2f} seconds={seconds:.2f} baseline_seconds={baseline:.2f}")


if __name__ == "__main__":
    main()
