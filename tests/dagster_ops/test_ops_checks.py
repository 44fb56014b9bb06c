"""Asset checks evaluated on a real small warehouse built by the real ingest (in-process run)."""

from __future__ import annotations

import shutil
from pathlib import Path

from dagster import AssetCheckSeverity, materialize

from assets.ingest import landing_files
from assets.operations import files_validated, rejected_row_share, remit_balanced
from assets.resources import HcReconcileResource

D = "2026-03-02"
CHARGES_HEAD = "charge_id,account_id,claim_id,facility_id,service_date,post_date,cpt_code,revenue_code,units,amount\n"


def _evaluations(platform: HcReconcileResource) -> dict[str, object]:
    result = materialize(
        [landing_files, files_validated, rejected_row_share, remit_balanced],
        partition_key=D,
        resources={"platform": platform},
        raise_on_error=False,
    )
    assert result.success  # failing checks do not fail the run (bad input never stops the night)
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_clean_date_passes_every_check(platform: HcReconcileResource, samples_dir: Path) -> None:
    day = Path(platform.landing) / D
    (day / "billing").mkdir(parents=True)
    (day / "billing" / "charges_001.csv").write_text(
        CHARGES_HEAD + "C1,A1,,F1,2026-03-01,2026-03-02,99213,,1,100.00\n"
    )
    (day / "remit").mkdir()
    shutil.copy(samples_dir / "835" / "lfh__medicare-part-a.835", day / "remit")
    evaluations = _evaluations(platform)
    assert {name: e.passed for name, e in evaluations.items()} == {  # type: ignore[attr-defined]
        "files_validated": True,
        "rejected_row_share": True,
        "remit_balanced": True,
    }


def test_bad_date_fails_checks_with_their_severity(
    platform: HcReconcileResource, samples_dir: Path
) -> None:
    day = Path(platform.landing) / D
    (day / "billing").mkdir(parents=True)
    (day / "billing" / "charges_001.csv").write_text(
        CHARGES_HEAD
        + "C1,A1,,F1,2026-03-01,2026-03-02,99213,,1,100.00\n"
        + "C2,A1,,F1,2026-03-01,2026-03-02,99213,,1,$5\n"  # rejected: money
        + "C3,A1,,F1,2026-02-30,2026-03-02,99213,,1,1.00\n"  # rejected: not a date
    )
    (day / "remit").mkdir()
    shutil.copy(
        samples_dir / "835" / "pyx12__835_simple.835", day / "remit"
    )  # unbalanced by 5482.52

    evaluations = _evaluations(platform)
    share = evaluations["rejected_row_share"]
    assert share.passed is False and share.severity == AssetCheckSeverity.ERROR  # type: ignore[attr-defined]
    assert share.metadata["rows_rejected"].value == 2  # type: ignore[attr-defined]
    assert share.metadata["rows_total"].value == 3  # type: ignore[attr-defined]

    validated = evaluations["files_validated"]
    assert validated.passed is False and validated.severity == AssetCheckSeverity.WARN  # type: ignore[attr-defined]
    assert "charges_001.csv" in validated.metadata["per_file"].value  # type: ignore[attr-defined]
    assert "amount" in validated.metadata["rejections_by_column"].value  # type: ignore[attr-defined]

    balanced = evaluations["remit_balanced"]
    assert balanced.passed is False and balanced.severity == AssetCheckSeverity.WARN  # type: ignore[attr-defined]
    assert balanced.metadata["unbalanced_transactions"].value == 1  # type: ignore[attr-defined]
    assert "5482.52" in balanced.metadata["detail"].value  # type: ignore[attr-defined]


def test_share_threshold_is_configurable(
    platform: HcReconcileResource,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    day = Path(platform.landing) / D
    (day / "billing").mkdir(parents=True)
    rows = "".join(f"C{i},A1,,F1,2026-03-01,2026-03-02,99213,,1,1.00\n" for i in range(9))
    (day / "billing" / "charges_001.csv").write_text(
        CHARGES_HEAD + rows + "BAD,A1,,F1,x,2026-03-02,99213,,1,1\n"
    )
    monkeypatch.setenv("HC_OPS_REJECTED_SHARE_MAX", "0.10")  # 1 of 10 is not above 10 %
    assert _evaluations(platform)["rejected_row_share"].passed is True  # type: ignore[attr-defined]
    monkeypatch.setenv("HC_OPS_REJECTED_SHARE_MAX", "0.05")
    assert _evaluations(platform)["rejected_row_share"].passed is False  # type: ignore[attr-defined]
