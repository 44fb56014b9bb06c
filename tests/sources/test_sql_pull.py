"""SQL-database sources against a real SQLite file and a real PostgreSQL server (a throwaway
local one, or HC_TEST_POSTGRES_URL when set)."""

from __future__ import annotations

import contextlib
import csv
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from hc_reconcile.errors import SourceError
from hc_reconcile.ingest.csv_reader import CsvRead, read_csv
from hc_reconcile.sources.csv_out import csv_line, field_text
from hc_reconcile.sources.sql import pull_sql

REPO = Path(__file__).resolve().parents[2]
D = date(2026, 11, 23)

CHARGES_DDL = """
CREATE TABLE charges (
    charge_id TEXT, account_id TEXT, claim_id TEXT, facility_id TEXT,
    service_date DATE, post_date DATE, cpt_code TEXT, revenue_code TEXT,
    units NUMERIC, amount NUMERIC(18, 2), patient_ssn TEXT
)
"""
CHARGES = [
    ("CH1", "A1", None, "F1", "2026-11-20", "2026-11-23", "99213", "0510", 2, 125.5, "123-45-6789"),
    ("CH2", "A1", "CL,1", "F1", "2026-11-21", "2026-11-23", "99214", None, 1.0, -0.1, "x"),
    ("CH3", "A2", 'quote "q"\r\nline', "F2", "2026-11-22", "2026-11-23", "J1100", "", 3, 1000, "x"),
    ("CH4", "A2", None, "F2", "2026-11-22", "2026-11-24", "99213", None, 1, 12.345, "x"),
]


@pytest.fixture
def billing_db(tmp_path: Path) -> Path:
    path = tmp_path / "billing.sqlite"
    con = sqlite3.connect(path)
    con.execute(CHARGES_DDL)
    con.executemany("INSERT INTO charges VALUES (?,?,?,?,?,?,?,?,?,?,?)", CHARGES)
    con.execute("CREATE TABLE audit (note TEXT)")
    con.commit()
    con.close()
    return path


def _rows(path: Path) -> list[dict[str, str | None]]:
    parsed = read_csv(
        source=path.name.split("_sql")[0], data=path.read_bytes()
    )  # the ingest reader
    assert isinstance(parsed, CsvRead), parsed
    return parsed.frame.drop("file_line").to_dicts()


@contextlib.contextmanager
def _statements() -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement sent to a database, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", capture)


def test_table_extract_is_contract_csv(tmp_path: Path, billing_db: Path) -> None:
    landing = tmp_path / "landing"
    result = pull_sql(
        url=f"sqlite:///{billing_db}",
        source="charges",
        business_date=D,
        landing=landing,
        table="charges",
        date_column="post_date",
    )
    assert result.path == landing / "2026-11-23" / "billing" / "charges_sql.csv"
    assert result.rows == 3 and result.changed
    data = result.path.read_bytes()
    assert data.decode("utf-8").splitlines()[0] == (
        "charge_id,account_id,claim_id,facility_id,service_date,post_date,cpt_code,revenue_code,units,amount"
    )
    assert b"\r\n" not in data.replace(
        b'"quote ""q""\r\nline"', b""
    )  # LF endings; CR only inside quotes
    assert (
        b"patient_ssn" not in data and b"123-45-6789" not in data
    )  # only contract columns leave the DB
    rows = _rows(result.path)
    assert [r["charge_id"] for r in rows] == ["CH1", "CH2", "CH3"]
    assert [r["amount"] for r in rows] == ["125.5", "-0.1", "1000"]
    assert [r["units"] for r in rows] == ["2", "1", "3"]
    assert rows[1]["claim_id"] == "CL,1"
    assert rows[2]["claim_id"] == 'quote "q"\r\nline'
    assert rows[0]["claim_id"] is None and rows[2]["revenue_code"] is None

    # the same extract again leaves the landed file alone (no spurious "late file")
    mtime = result.path.stat().st_mtime_ns
    again = pull_sql(
        url=f"sqlite:///{billing_db}",
        source="charges",
        business_date=D,
        landing=landing,
        table="charges",
        date_column="post_date",
    )
    assert not again.changed and result.path.stat().st_mtime_ns == mtime


def test_query_file_with_bound_parameters(tmp_path: Path, billing_db: Path) -> None:
    query = tmp_path / "charges.sql"
    query.write_text(
        "SELECT charge_id, account_id, claim_id, facility_id, service_date, post_date, cpt_code,\n"
        "       units, amount\n"
        "FROM charges WHERE post_date >= :business_date AND post_date < :next_date ORDER BY charge_id"
    )
    with _statements() as statements:
        result = pull_sql(
            url=f"sqlite:///{billing_db}",
            source="charges",
            business_date=date(2026, 11, 24),
            landing=tmp_path / "landing",
            query_file=query,
        )
    assert [r["amount"] for r in _rows(result.path)] == ["12.345"]  # not rounded: ingest rejects it
    sql, params = statements[-1]
    assert "2026-11-24" not in sql and "?" in sql  # values travel as bound parameters
    assert list(params) == ["2026-11-24", "2026-11-25"]


def test_table_mode_binds_the_date(tmp_path: Path, billing_db: Path) -> None:
    with _statements() as seen:
        pull_sql(
            url=f"sqlite:///{billing_db}",
            source="charges",
            business_date=D,
            landing=tmp_path / "landing",
            table="charges",
            date_column="post_date",
        )
    select_sql, params = next((sql, p) for sql, p in seen if "post_date >=" in sql)
    assert "2026-11-23" not in select_sql
    assert tuple(params) == ("2026-11-23", "2026-11-24")


@pytest.mark.parametrize(
    "table",
    [
        "charges; DROP TABLE charges",
        "charges WHERE 1=1 --",
        'charges" ; DELETE FROM charges; --',
        "sqlite_master",
    ],
)
def test_injection_in_table_is_refused(tmp_path: Path, billing_db: Path, table: str) -> None:
    with pytest.raises(SourceError, match="does not exist in the database"):
        pull_sql(
            url=f"sqlite:///{billing_db}",
            source="charges",
            business_date=D,
            landing=tmp_path / "landing",
            table=table,
            date_column="post_date",
        )
    con = sqlite3.connect(billing_db)
    assert con.execute("SELECT count(*) FROM charges").fetchone() == (4,)
    con.close()
    assert not (tmp_path / "landing").exists()


def test_injection_in_date_column_is_refused(tmp_path: Path, billing_db: Path) -> None:
    with pytest.raises(
        SourceError, match="column 'post_date = post_date OR 1=1 --' does not exist"
    ):
        pull_sql(
            url=f"sqlite:///{billing_db}",
            source="charges",
            business_date=D,
            landing=tmp_path / "landing",
            table="charges",
            date_column="post_date = post_date OR 1=1 --",
        )


def test_refusals_are_clear(tmp_path: Path, billing_db: Path) -> None:
    url = f"sqlite:///{billing_db}"
    landing = tmp_path / "landing"
    with pytest.raises(SourceError, match="lacks required charges column"):
        pull_sql(
            url=url,
            source="charges",
            business_date=D,
            landing=landing,
            table="audit",
            date_column="note",
        )
    with pytest.raises(SourceError, match="does not use :business_date"):
        query = tmp_path / "all.sql"
        query.write_text("SELECT * FROM charges")
        pull_sql(url=url, source="charges", business_date=D, landing=landing, query_file=query)
    with pytest.raises(SourceError, match=r"uses parameter\(s\) :facility"):
        query = tmp_path / "other.sql"
        query.write_text(
            "SELECT * FROM charges WHERE post_date = :business_date AND facility_id = :facility"
        )
        pull_sql(url=url, source="charges", business_date=D, landing=landing, query_file=query)
    with pytest.raises(SourceError, match="lacks required postings column"):
        query = tmp_path / "wrong.sql"
        query.write_text("SELECT charge_id FROM charges WHERE post_date = :business_date")
        pull_sql(url=url, source="postings", business_date=D, landing=landing, query_file=query)
    with pytest.raises(SourceError, match="does not exist"):
        pull_sql(
            url=f"sqlite:///{tmp_path / 'missing.db'}",
            source="charges",
            business_date=D,
            landing=landing,
            table="charges",
            date_column="post_date",
        )
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(SourceError, match="either --query FILE or --table"):
        pull_sql(url=url, source="charges", business_date=D, landing=landing)
    assert not landing.exists()


def test_value_text() -> None:
    assert field_text(Decimal("1234.50")) == "1234.50"
    assert field_text(Decimal("1E+3")) == "1000"
    assert field_text(1e-7) == "0.0000001"
    assert field_text(0.1 + 0.2) == "0.30000000000000004"  # never silently rounded
    assert field_text(2.0, kind="int") == "2" and field_text(Decimal("3.00"), kind="int") == "3"
    assert field_text(2.5, kind="int") == "2.5"
    assert field_text(date(2026, 1, 2)) == "2026-01-02"
    from datetime import datetime

    assert field_text(datetime(2026, 1, 2), kind="date") == "2026-01-02"
    assert field_text(datetime(2026, 1, 2, 3, 4, 5), kind="timestamp") == "2026-01-02T03:04:05"
    assert field_text(None) == "" and field_text(b"caf\xc3\xa9") == "café"
    assert csv_line(["a", "b,c", 'd"e', "f\rg", ""]) == 'a,"b,c","d""e","f\rg",\n'


def test_cli_pull_sql(tmp_path: Path, billing_db: Path) -> None:
    env = {
        **os.environ,
        "HC_LANDING": str(tmp_path / "landing"),
        "HC_SQL_URL": f"sqlite:///{billing_db}",
    }
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "hc_reconcile.cli",
            "pull-sql",
            "--source",
            "charges",
            "--date",
            "2026-11-23",
            "--table",
            "charges",
            "--date-column",
            "post_date",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "landing/2026-11-23/billing/charges_sql.csv").is_file()
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "hc_reconcile.cli",
            "pull-sql",
            "--source",
            "charges",
            "--date",
            "2026-11-23",
            "--table",
            "charges;DROP TABLE charges",
            "--date-column",
            "post_date",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and "does not exist in the database" in bad.stderr


def test_extract_flows_through_ingest(tmp_path: Path, billing_db: Path) -> None:
    """The pulled file is loaded by the normal pipeline; the row with 3 decimals is rejected."""
    from hc_reconcile.config import load_settings
    from hc_reconcile.pipeline import run

    landing = tmp_path / "landing"
    for day in (D, date(2026, 11, 24)):
        pull_sql(
            url=f"sqlite:///{billing_db}",
            source="charges",
            business_date=day,
            landing=landing,
            table="charges",
            date_column="post_date",
        )
    settings = load_settings(
        landing=landing, warehouse=tmp_path / "wh.duckdb", outbox=tmp_path / "out"
    )
    run(settings, dates=[date(2026, 11, 24)], reconcile=False, publish=False)
    import duckdb

    con = duckdb.connect(str(settings.resolved_work_dir / "work.duckdb"), read_only=True)
    log = con.execute(
        "SELECT business_date::VARCHAR, file_name, status, rows_loaded, rows_rejected FROM recon.file_log ORDER BY 1"
    ).fetchall()
    amounts = con.execute("SELECT charge_id, amount FROM raw.charges ORDER BY 1").fetchall()
    con.close()
    assert log == [
        ("2026-11-23", "charges_sql.csv", "loaded", 3, 0),
        ("2026-11-24", "charges_sql.csv", "loaded", 0, 1),
    ]
    assert amounts == [
        ("CH1", Decimal("125.50")),
        ("CH2", Decimal("-0.10")),
        ("CH3", Decimal("1000.00")),
    ]


def test_postgres_table_and_query(tmp_path: Path, postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    schema = f"hc_test_{os.getpid()}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.execute(
            text(
                f'CREATE TABLE "{schema}".postings (posting_id text, claim_id text, posting_type text, '
                "amount numeric(18,2), post_date date, trace_number text, group_reason text, "
                "created_at timestamp)"
            )
        )
        conn.execute(
            text(
                f'INSERT INTO "{schema}".postings VALUES '
                "('P1','CL1','PAYMENT',100.10,'2026-11-23','T1',NULL,'2026-11-23 10:00'),"
                "('P2','CL1','REVERSAL',-100.10,'2026-11-23','T1','CO-45','2026-11-23 23:59:59'),"
                "('P3','CL2','PAYMENT',5.00,'2026-11-24','T2',NULL,'2026-11-24 00:00')"
            )
        )
    try:
        by_date = pull_sql(
            url=postgres_url,
            source="postings",
            business_date=D,
            landing=tmp_path / "a",
            table=f"{schema}.postings",
            date_column="post_date",
        )
        by_stamp = pull_sql(
            url=postgres_url,
            source="postings",
            business_date=D,
            landing=tmp_path / "b",
            table=f"{schema}.postings",
            date_column="created_at",
        )
        query = tmp_path / "p.sql"
        query.write_text(
            f'SELECT * FROM "{schema}".postings WHERE post_date = :business_date ORDER BY posting_id'
        )
        by_query = pull_sql(
            url=postgres_url,
            source="postings",
            business_date=D,
            landing=tmp_path / "c",
            query_file=query,
        )
        for result in (by_date, by_stamp):
            assert [(r["posting_id"], r["amount"]) for r in _rows(result.path)] == [
                ("P1", "100.10"),
                ("P2", "-100.10"),
            ]
        assert [r["post_date"] for r in _rows(by_query.path)] == ["2026-11-23", "2026-11-23"]
        with by_query.path.open(newline="", encoding="utf-8") as handle:  # an extra column, kept as written
            stamps = [r["created_at"] for r in csv.DictReader(handle)]
        assert stamps == [
            "2026-11-23T10:00:00",
            "2026-11-23T23:59:59",
        ]
        with pytest.raises(SourceError, match="does not exist"):
            pull_sql(
                url=postgres_url,
                source="postings",
                business_date=D,
                landing=tmp_path / "d",
                table=f"{schema}.postings; DROP SCHEMA {schema} CASCADE",
                date_column="post_date",
            )
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
