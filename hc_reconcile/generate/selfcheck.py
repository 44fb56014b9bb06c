"""Cross-check a generated tree: the stories' declared expectations (faults.csv)
against the oracle's ground truth, in both directions.

Every exception, quarantine, duplicate and rejection in the truth must have been
declared by a story, and every declaration must be in the truth (with its
first_seen / resolved_on when the story declared them).  Returns problems found.
"""

from __future__ import annotations

import csv
from pathlib import Path

from hc_reconcile.generate.contract import EXCEPTION_TYPES


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def check_tree(out: Path) -> list[str]:
    gt = out / "ground_truth"
    faults = _read(gt / "faults.csv")
    exceptions = {(r["exception_type"], r["entity_key"]): r
                  for r in _read(gt / "expected_exceptions.csv")}
    file_log = {(r["business_date"], r["source"], r["file_name"]): r
                for r in _read(gt / "expected_file_log.csv")}
    rejected: set[tuple[str, ...]] = {
        (r["business_date"], r["source"], r["file_name"], r["line_no"], r["column"])
                for r in _read(gt / "expected_rejected_rows.csv")}
    dates = {r["business_date"] for r in _read(gt / "expected_file_log.csv")}
    problems: list[str] = []
    declared_exc: set[tuple[str, str]] = set()
    declared_files: set[tuple[str, str, str]] = set()
    declared_rows: set[tuple[str, ...]] = set()
    for f in faults:
        exp, key, day = f["expected_exception_type"], f["entity_key"], f["business_date"]
        label = f"{f['fault_id']} {f['fault_kind']} {key!r}"
        if exp in EXCEPTION_TYPES:
            declared_exc.add((exp, key))
            row = exceptions.get((exp, key))
            if row is None:
                problems.append(f"{label}: expected {exp}, not in the truth")
            elif f["expected_first_seen"]:
                got = (row["first_seen"], row["resolved_on"])
                want = (f["expected_first_seen"], f["expected_resolved_on"])
                if got != want:
                    problems.append(f"{label}: {exp} window {got}, story expected {want}")
        elif exp == "none":
            hits = [t for (t, k) in exceptions if k == key]
            if hits:
                problems.append(f"{label}: expected no exception, truth has {hits}")
        elif exp in ("rejected_row", "rejected_transaction"):
            parts = key.split("|")
            if exp == "rejected_transaction":
                parts.append("")
            declared_rows.add((day, *parts))
            if (day, *parts) not in rejected:
                problems.append(f"{label}: expected a rejected row on {day}")
        elif exp in ("quarantined_file", "duplicate_file", "loaded_file", "resent_transaction"):
            source, name = key.split("|")
            declared_files.add((day, source, name))
            logged = file_log.get((day, source, name))
            status = {"quarantined_file": "quarantined", "duplicate_file": "duplicate"}.get(
                exp, "loaded")
            if logged is None or logged["status"] != status:
                problems.append(f"{label}: expected file status {status}, got {logged}")
        elif exp == "skipped_folder":
            if key in dates:
                problems.append(f"{label}: folder was loaded")
        elif exp == "ignored_file":
            name = key.rsplit("/", 1)[-1]
            if any(k[2] == name for k in file_log):
                problems.append(f"{label}: file was logged")
        else:
            problems.append(f"{label}: unknown expectation {exp}")
    for ekey in sorted(set(exceptions) - declared_exc):
        problems.append(f"undeclared exception {ekey} (first seen {exceptions[ekey]['first_seen']})")
    for fkey, frow in sorted(file_log.items()):
        if frow["status"] != "loaded" and fkey not in declared_files:
            problems.append(f"undeclared {frow['status']} file {fkey}")
    for rej in sorted(rejected - declared_rows):
        problems.append(f"undeclared rejected row {rej}")
    return problems
