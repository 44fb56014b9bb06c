"""Data quality checks outside the dbt tests: ERP journal balance and Great Expectations on the marts.

* ``erp_journals_unbalanced``: the journal ids of ``<outbox>/<D>/erp_journal_corrections.csv``
  whose lines do not sum to exactly 0 (Decimal arithmetic, csv module).
* ``run_mart_expectations``: one Great Expectations suite per mart of the published DuckDB file
  (read read-only into pandas), validated by a checkpoint in an ephemeral GX context, with the
  Data Docs HTML site written to ``docs_dir``. Missing marts are failures; nothing raises.

No Dagster import here: ``assets/quality.py`` wraps these in asset checks.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb

ERP_JOURNAL_FILE = "erp_journal_corrections.csv"
AGING_BUCKETS = ["0-3", "4-7", "8-14", "15-30", "30+"]
REASSOCIATION_STATUSES = [
    "matched",
    "amount_off",
    "unmatched_remit",
    "no_payment",
    "unmatched_cash",
]
MATCH_STATUSES = [
    "matched",
    "amount_differs",
    "remit_not_posted",
    "posted_without_remit",
    "no_payment_activity",
]


# --- ERP journals -----------------------------------------------------------------------


def erp_journals_unbalanced(outbox: Path, business_date: date) -> list[str]:
    """Journal ids of the date's ERP correction feed whose lines do not sum to exactly 0.

    A missing file has no journal (empty list); an unparseable amount unbalances its journal.
    Ids are returned in first-seen file order.
    """
    path = Path(outbox) / business_date.isoformat() / ERP_JOURNAL_FILE
    if not path.is_file():
        return []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    invalid: set[str] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            journal = (row.get("journal_id") or "").strip()
            try:
                totals[journal] += Decimal((row.get("amount") or "").strip())
            except InvalidOperation:
                totals[journal] += 0
                invalid.add(journal)
    return [j for j, total in totals.items() if total != 0 or j in invalid]


# --- Great Expectations on the marts ------------------------------------------------------


def _suites() -> dict[str, list[Any]]:
    """One list of expectations per mart (imported lazily: GX is slow to import)."""
    import great_expectations.expectations as gxe

    def not_null(col: str) -> Any:
        return gxe.ExpectColumnValuesToNotBeNull(column=col)

    def unique(col: str) -> Any:
        return gxe.ExpectColumnValuesToBeUnique(column=col)

    return {
        "fct_open_exceptions": [
            not_null("exception_id"),
            unique("exception_id"),
            not_null("amount"),
            not_null("as_of_date"),
            gxe.ExpectColumnValuesToBeInSet(column="aging_bucket", value_set=AGING_BUCKETS),
            gxe.ExpectColumnValuesToNotBeNull(column="aging_bucket"),
            gxe.ExpectColumnValuesToBeBetween(column="age_days", min_value=0),
        ],
        "mart_exception_aging": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["owner_queue", "exception_type"]),
            gxe.ExpectColumnValuesToBeBetween(column="open_count", min_value=1),
        ],
        "fct_claim_remit_reconciliation": [
            not_null("claim_id"),
            unique("claim_id"),
            gxe.ExpectColumnValuesToBeInSet(column="match_status", value_set=MATCH_STATUSES),
        ],
        "fct_eft_reassociation": [
            not_null("trn02"),
            unique("trn02"),
            not_null("reassociation_status"),
            gxe.ExpectColumnValuesToBeInSet(
                column="reassociation_status", value_set=REASSOCIATION_STATUSES
            ),
        ],
        "mart_payer_scorecard": [not_null("payer_id"), unique("payer_id")],
        "mart_kpi_trend": [not_null("business_date"), unique("business_date")],
        "mart_exception_flow_daily": [
            not_null("business_date"),
            not_null("exception_type"),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["business_date", "exception_type"]),
        ],
    }


MARTS = (
    "fct_open_exceptions",
    "mart_exception_aging",
    "fct_claim_remit_reconciliation",
    "fct_eft_reassociation",
    "mart_payer_scorecard",
    "mart_kpi_trend",
    "mart_exception_flow_daily",
)


@dataclass
class MartResult:
    mart: str
    success: bool
    rows: int = 0
    evaluated: int = 0
    failed: list[str] = field(default_factory=list)  # "expectation_type(column)"
    error: str | None = None


@dataclass
class QualityResult:
    success: bool
    marts: list[MartResult]
    docs_index: Path | None

    @property
    def evaluated(self) -> int:
        return sum(m.evaluated for m in self.marts)

    @property
    def failed(self) -> int:
        return sum(len(m.failed) + (1 if m.error else 0) for m in self.marts)

    @property
    def failures(self) -> list[str]:
        out = [f"{m.mart}: {m.error}" for m in self.marts if m.error]
        out += [f"{m.mart}: {f}" for m in self.marts for f in m.failed]
        return out


def _read_marts(warehouse: Path) -> tuple[dict[str, Any], dict[str, str]]:
    frames: dict[str, Any] = {}
    errors: dict[str, str] = {}
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except Exception as exc:  # missing/locked file: every mart fails
        return {}, {m: f"cannot open {warehouse}: {exc}" for m in MARTS}
    try:
        present = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'"
            ).fetchall()
        }
        for mart in MARTS:
            if mart not in present:
                errors[mart] = "table marts." + mart + " is missing"
                continue
            try:
                frames[mart] = con.execute(f'SELECT * FROM marts."{mart}"').df()
            except Exception as exc:
                errors[mart] = f"cannot read marts.{mart}: {exc}"
    finally:
        con.close()
    return frames, errors


def _describe(exp_config: Any) -> str:
    kwargs = getattr(exp_config, "kwargs", {}) or {}
    col = kwargs.get("column") or ",".join(kwargs.get("column_list") or [])
    return f"{exp_config.type}({col})" if col else str(exp_config.type)


def run_mart_expectations(warehouse: Path, *, docs_dir: Path) -> QualityResult:
    """Validate every mart of the published warehouse; write Data Docs to ``docs_dir``."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    frames, errors = _read_marts(Path(warehouse))
    results: dict[str, MartResult] = {
        m: MartResult(mart=m, success=False, error=e) for m, e in errors.items()
    }
    docs_dir = Path(docs_dir)
    docs_index: Path | None = None
    try:
        import great_expectations as gx
        from great_expectations.checkpoint import UpdateDataDocsAction

        docs_dir.mkdir(parents=True, exist_ok=True)
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        for site in list(context.get_site_names()):
            context.delete_data_docs_site(site)
        context.add_data_docs_site(
            site_name="hc_reconcile_marts",
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",  # GX 1.x name
                    "base_directory": str(docs_dir.resolve()),
                },
            },
        )
        datasource = context.data_sources.add_pandas(name="marts")
        suites = _suites()
        for mart, df in frames.items():
            try:
                asset = datasource.add_dataframe_asset(name=mart)
                batch = asset.add_batch_definition_whole_dataframe(f"{mart}_all")
                suite = context.suites.add(gx.ExpectationSuite(name=f"marts.{mart}"))
                for expectation in suites[mart]:
                    suite.add_expectation(expectation)
                validation = context.validation_definitions.add(
                    gx.ValidationDefinition(name=f"validate_{mart}", data=batch, suite=suite)
                )
                checkpoint = context.checkpoints.add(
                    gx.Checkpoint(
                        name=f"checkpoint_{mart}",
                        validation_definitions=[validation],
                        actions=[UpdateDataDocsAction(name="update_data_docs")],
                    )
                )
                run = checkpoint.run(batch_parameters={"dataframe": df})
                failed: list[str] = []
                evaluated = 0
                for vr in run.run_results.values():
                    for er in vr.results:
                        evaluated += 1
                        if not er.success:
                            failed.append(_describe(er.expectation_config))
                results[mart] = MartResult(
                    mart=mart,
                    success=bool(run.success) and not failed,
                    rows=len(df),
                    evaluated=evaluated,
                    failed=failed,
                )
            except Exception as exc:  # one broken mart never hides the others
                results[mart] = MartResult(
                    mart=mart, success=False, rows=len(df), error=f"validation error: {exc}"
                )
        context.build_data_docs()
        index = docs_dir / "index.html"
        docs_index = index if index.is_file() else None
    except Exception as exc:  # GX setup or Data Docs failed: report it, never raise
        for mart in MARTS:
            results.setdefault(mart, MartResult(mart=mart, success=False, error=f"GX error: {exc}"))
        results["_data_docs"] = MartResult(
            mart="_data_docs", success=False, error=f"GX error: {exc}"
        )
    ordered = [results[m] for m in MARTS if m in results]
    ordered += [r for k, r in results.items() if k not in MARTS]
    return QualityResult(
        success=all(r.success for r in ordered), marts=ordered, docs_index=docs_index
    )
