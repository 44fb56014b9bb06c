"""The public 835 samples parse to exactly summary.csv's figures; the bad ones get reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest
from x12_samples import bad_samples, good_samples, summary_rows

from hc_reconcile.config import Settings
from hc_reconcile.ingest.outcome import FileOutcome
from hc_reconcile.ingest.remit_load import load_remit
from hc_reconcile.reconcile import reconcile_date
from hc_reconcile.warehouse.ddl import ensure_schema
from hc_reconcile.x12 import SCHEMAS, parse_835
from hc_reconcile.x12.parser import parse_835_strict
from hc_reconcile.x12.tokenizer import tokenize

SUMMARY = summary_rows()
D = date(2026, 11, 20)


def _loaded(path: Path) -> tuple[duckdb.DuckDBPyConnection, FileOutcome]:
    """A warehouse with the file loaded by the real loader and reconciled as of D, and the
    loader's outcome for the file."""
    con = duckdb.connect()
    ensure_schema(con)
    outcome = load_remit(con, business_date=D, file_name=path.name, file_seq=1, data=path.read_bytes())
    reconcile_date(con, business_date=D, settings=Settings())
    return con, outcome


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(sql).fetchall()[0][0]


def _unbalanced(con: duckdb.DuckDBPyConnection, level: str) -> dict[str, Decimal]:
    """REMIT_UNBALANCED detections at one level (the reconciliation rule), key -> amount."""
    return dict(
        con.execute(
            "SELECT entity_key, amount FROM recon.exception_detections "
            "WHERE exception_type = 'REMIT_UNBALANCED' AND details->>'level' = ?",
            [level],
        ).fetchall()
    )


def _sum(frame: pl.DataFrame, column: str) -> Decimal:
    total = frame.get_column(column).sum()
    return Decimal("0.00") if total is None else Decimal(total).quantize(Decimal("0.01"))


def test_every_good_sample_is_in_the_summary() -> None:
    assert {p.name for p in good_samples()} == set(SUMMARY)
    assert len(SUMMARY) == 15


@pytest.mark.parametrize("path", good_samples(), ids=lambda p: p.name)
def test_good_sample_matches_summary(path: Path) -> None:
    expected = SUMMARY[path.name]
    data = path.read_bytes()
    parsed = parse_835_strict(data)
    assert parsed.quarantine_reason is None

    tokens = tokenize(data)
    assert sum(t.isa_rows.shape[0] for t in tokens.tables) == int(expected["isa_count"])

    # raw figures: every valid transaction, before re-send skipping
    assert parsed.rejected.height == int(expected["rejected_st"])
    assert parsed.transactions.height == int(expected["raw_st_count"]) - int(
        expected["rejected_st"]
    )
    assert parsed.claims.height == int(expected["raw_clp_count"])
    assert parsed.services.height == int(expected["raw_svc_count"])
    assert _sum(parsed.transactions, "payment_amount") == Decimal(expected["raw_sum_bpr02"])
    assert _sum(parsed.claims, "paid_amount") == Decimal(expected["raw_sum_clp04"])
    assert _sum(parsed.provider_adjustments, "amount") == Decimal(expected["raw_sum_plb"])

    # loaded figures: the real loader (re-sends within the file skipped), read back with SQL;
    # "balanced" is the reconciliation's REMIT_UNBALANCED rule at transaction level
    con, outcome = _loaded(path)
    assert _one(con, "SELECT count(*) FROM remit.transactions") == int(expected["st_count"])
    assert _one(con, "SELECT count(*) FROM remit.claims") == int(expected["clp_count"])
    assert _one(con, "SELECT count(*) FROM remit.services") == int(expected["svc_count"])
    money = "SELECT coalesce(sum({}), 0.00) FROM remit.{}"
    assert _one(con, money.format("payment_amount", "transactions")) == Decimal(expected["sum_bpr02"])
    assert _one(con, money.format("paid_amount", "claims")) == Decimal(expected["sum_clp04"])
    assert _one(con, money.format("amount", "provider_adjustments")) == Decimal(expected["sum_plb"])
    assert outcome.rows_resent == int(expected["resent_st_skipped"])
    assert (not _unbalanced(con, "transaction")) == (expected["balanced"] == "yes")


@pytest.mark.parametrize("path", good_samples(), ids=lambda p: p.name)
def test_good_sample_frames_have_fixed_schemas(path: Path) -> None:
    parsed = parse_835(path.read_bytes())
    for name, schema in SCHEMAS.items():
        assert getattr(parsed, name).schema == schema, name


def test_unbalanced_sample_difference() -> None:
    path = next(p for p in good_samples() if p.name == "pyx12__835_simple.835")
    con, _ = _loaded(path)
    trn02 = _one(con, "SELECT trn02 FROM remit.transactions")
    assert _unbalanced(con, "transaction") == {trn02: Decimal("5482.52")}
    # reversal and re-payment of 123839-24635 net out with the CAS CR amounts
    assert _unbalanced(con, "claim") == {}


def test_money_is_exact_decimal() -> None:
    path = next(p for p in good_samples() if p.name == "lfh__medicare-part-a.835")
    parsed = parse_835(path.read_bytes())
    assert parsed.claims.get_column("paid_amount").to_list() == [
        Decimal("138018.40"),
        Decimal("11980.33"),
    ]
    assert parsed.provider_adjustments.row(0, named=True) | {"segment_position": 0} == {
        "st_position": 3,
        "segment_position": 0,
        "provider_id": "6543210903",
        "fiscal_period_date": pl.Series(["2002-12-31"]).str.to_date().item(),
        "reason_code": "CV",
        "reference": "CP",
        "amount": Decimal("-1.27"),
    }
    # N1*PR has no N104: the payer id is the header REF*2U
    assert parsed.transactions.get_column("payer_id").to_list() == ["999"]


def test_composite_with_another_separator_still_loads() -> None:
    path = next(p for p in good_samples() if p.name == "lfh__cob-contractural-adjustment.835")
    services = parse_835(path.read_bytes()).services
    assert services.get_column("procedure").to_list() == ["HC>55669"]
    assert services.get_column("procedure_code").to_list() == [None]


# Expected reason fragments for the malformed samples (SOURCES.md explains each file).
BAD_EXPECTATIONS = {
    "badx12__bad_file.txt": ("quarantine", "does not start with an ISA"),
    "badx12__error_validation.txt": ("quarantine", "GE01='2'"),
    "badx12__segment_terminator.txt": ("quarantine", "no IEA"),
    "badx12__unknown_segment_error.txt": ("quarantine", "outside any transaction"),
    "hzbarcea__example835One.txt": ("quarantine", "IEA02='000000001'"),
    "keironstoddart__blue_cross_nc_sample.txt": ("quarantine", "does not start with an ISA"),
    "lfh__managed-care.txt": ("rejected", "BPR16='20002316'"),
    "tastypackets__errorISA.txt": ("quarantine", "differs from ISA13='106000600'"),
}


def test_every_bad_sample_has_an_expectation() -> None:
    assert {p.name for p in bad_samples()} == set(BAD_EXPECTATIONS)


@pytest.mark.parametrize("path", bad_samples(), ids=lambda p: p.name)
def test_bad_sample_gets_a_reason(path: Path) -> None:
    outcome, fragment = BAD_EXPECTATIONS[path.name]
    parsed = parse_835_strict(path.read_bytes())
    if outcome == "quarantine":
        assert parsed.quarantine_reason is not None
        assert fragment in parsed.quarantine_reason
        for name in SCHEMAS:
            assert getattr(parsed, name).height == 0
    else:
        assert parsed.quarantine_reason is None
        assert parsed.transactions.height == 0
        assert parsed.rejected.height == 1
        row = parsed.rejected.row(0, named=True)
        assert fragment in row["reason"]
        assert row["st_position"] == 3
        assert row["st02"] == "112233"
        assert row["raw"].startswith("ST*835*112233~")


def test_error_validation_lists_every_envelope_fault_in_file_order() -> None:
    path = next(p for p in bad_samples() if p.name == "badx12__error_validation.txt")
    reason = parse_835(path.read_bytes()).quarantine_reason or ""
    parts = reason.split("; ")
    assert [p.split("=")[0] for p in parts] == ["GE01", "GE02", "IEA01", "IEA02"]
