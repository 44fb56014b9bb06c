"""The generated tree: determinism, layout, fault catalogue and its agreement with the truth."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from gen_support import read_rows

from hc_reconcile.generate import generate
from hc_reconcile.generate.contract import EXCEPTION_TYPES, KPIS
from hc_reconcile.generate.selfcheck import check_tree

REQUIRED_FAULT_KINDS = {
    # bad input
    "missing_required_column", "unknown_enum_value", "non_numeric_money", "three_decimal_money",
    "impossible_date", "empty_required_field", "duplicate_key_in_file", "empty_file",
    "header_only_file", "utf8_bom", "crlf_line_endings", "quoted_newlines_commas",
    "extra_columns", "columns_reordered", "non_utf8_file", "binary_file_named_csv",
    "csv_redelivered_unchanged", "invalid_date_folder", "835_redelivered_unchanged",
    "835_transaction_resent_in_new_file", "835_all_transactions_resent", "se01_wrong_count",
    "truncated_835",
    # scenarios the brief names
    "split_eft_across_days", "split_eft_same_day", "plb_offsets_balanced", "posting_late_6d",
    "duplicate_patient_accents_case_merge", "claim_cas_missing", "bpr02_not_clp_minus_plb",
}


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_a_byte_identical_tree(tmp_path: Path) -> None:
    generate(tmp_path / "a", days=9, seed=3)
    generate(tmp_path / "b", days=9, seed=3)
    generate(tmp_path / "c", days=9, seed=4)
    a, b, c = (tree_digest(tmp_path / x) for x in "abc")
    assert a == b
    assert a != c


def test_landing_layout(small_tree: Path) -> None:
    landing = small_tree / "landing"
    folders = sorted(p.name for p in landing.iterdir())
    dated = [f for f in folders if f.startswith("20")]
    assert dated[0] == "2026-11-01" and dated[-1] == "2026-11-30" and len(dated) == 30
    assert {"0000-00-00", "notadate"} <= set(folders)
    day = landing / "2026-11-15"
    assert (day / "erp" / "gl_journal_001.csv").is_file()
    assert (day / "billing" / "charges_001.csv").is_file()
    assert (day / "crm" / "referrals_001.csv").is_file()
    assert any(p.suffix == ".835" for p in (day / "remit").iterdir())


def test_every_required_fault_kind_is_injected(small_tree: Path) -> None:
    faults = read_rows(small_tree / "ground_truth" / "faults.csv")
    kinds = {f["fault_kind"] for f in faults}
    assert kinds >= REQUIRED_FAULT_KINDS, sorted(REQUIRED_FAULT_KINDS - kinds)
    expected = {f["expected_exception_type"] for f in faults}
    assert set(EXCEPTION_TYPES) <= expected


def test_truth_covers_every_exception_type_and_both_unbalanced_keys(small_tree: Path) -> None:
    rows = read_rows(small_tree / "ground_truth" / "expected_exceptions.csv")
    assert {r["exception_type"] for r in rows} == set(EXCEPTION_TYPES)
    unbalanced = [r["entity_key"] for r in rows if r["exception_type"] == "REMIT_UNBALANCED"]
    assert any("|" in k for k in unbalanced) and any("|" not in k for k in unbalanced)
    resolved = [r for r in rows if r["resolved_on"]]
    assert len(resolved) >= 10, "transient faults must resolve"


def test_stories_and_oracle_agree(small_tree: Path) -> None:
    assert check_tree(small_tree) == []


@pytest.mark.parametrize("days", [1, 3, 12])
def test_short_runs_inject_what_fits(tmp_path: Path, days: int) -> None:
    m = generate(tmp_path, days=days, seed=2)
    assert m.days == days
    assert check_tree(tmp_path) == []


def test_clean_baseline_has_no_exceptions(clean_tree: Path) -> None:
    gt = clean_tree / "ground_truth"
    assert read_rows(gt / "expected_open_daily.csv") == []
    assert read_rows(gt / "expected_rejected_rows.csv") == []
    assert {r["status"] for r in read_rows(gt / "expected_file_log.csv")} == {"loaded"}
    kpis = read_rows(gt / "expected_kpis.csv")
    accuracy = [r["value"] for r in kpis if r["kpi"] == "payment_reconciliation_accuracy"]
    assert {v for v in accuracy if v} == {"1.0"}


def test_ground_truth_files_and_manifest(small_tree: Path) -> None:
    gt = small_tree / "ground_truth"
    headers = {
        "expected_open_daily.csv": ["business_date", "exception_type", "entity_key", "amount"],
        "expected_exceptions.csv": ["exception_type", "entity_key", "first_seen", "last_seen",
                                    "resolved_on", "amount"],
        "expected_kpis.csv": ["business_date", "kpi", "value"],
        "expected_file_log.csv": ["business_date", "source", "file_name", "status",
                                  "rows_loaded", "rows_rejected"],
        "expected_rejected_rows.csv": ["business_date", "source", "file_name", "line_no",
                                       "column"],
        "expected_feeds.csv": ["business_date", "feed", "key", "kind", "amount"],
    }
    for name, header in headers.items():
        first = (gt / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.split(",") == header, name
    kpis = read_rows(gt / "expected_kpis.csv")
    assert len(kpis) == 30 * len(KPIS)
    feeds = {(r["feed"], r["kind"]) for r in read_rows(gt / "expected_feeds.csv")}
    assert feeds == {("billing_posting_corrections", "PAYMENT"),
                     ("billing_posting_corrections", "REVERSAL"), ("erp_journal_corrections", ""),
                     ("crm_status_updates", "PAID"), ("crm_status_updates", "PARTIAL"),
                     ("crm_status_updates", "DENIED"), ("crm_status_updates", "REVERSED")}
    manifest = json.loads((gt / "manifest.json").read_text())
    assert manifest["seed"] == 11 and manifest["days"] == 30 and manifest["ground_truth"] is True
    assert manifest["remit_bytes"] > 100_000
    assert manifest["rows"]["charges"] > 4000


def test_exception_lifecycle_is_derived_from_the_daily_sets(small_tree: Path) -> None:
    gt = small_tree / "ground_truth"
    daily: dict[tuple[str, str], list[str]] = {}
    for r in read_rows(gt / "expected_open_daily.csv"):
        daily.setdefault((r["exception_type"], r["entity_key"]), []).append(r["business_date"])
    for r in read_rows(gt / "expected_exceptions.csv"):
        seen = daily[(r["exception_type"], r["entity_key"])]
        assert r["first_seen"] == min(seen) and r["last_seen"] == max(seen)
        assert (r["resolved_on"] == "") == (max(seen) == "2026-11-30")
