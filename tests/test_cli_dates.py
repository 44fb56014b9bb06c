"""``hc-reconcile run --date D ...`` (CONTRACT §5): several dates after one flag, repeated flags, or both."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hc_reconcile import cli
from hc_reconcile.cli import app
from hc_reconcile.config import Settings
from hc_reconcile.generate import generate

runner = CliRunner()
ENV = {"HC_BUILD_MODELS": "false"}
D1, D2, D3, D4 = "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"


def _flat(output: str) -> str:
    """The error box's text on one line (rich wraps and frames it)."""
    return " ".join(output.replace("│", " ").split())


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli_dates")
    generate(root, days=4, seed=1, scale="small")
    return root / "landing"


def _run(landing: Path, out: Path, *date_args: str):  # type: ignore[no-untyped-def]
    args = ["run", "--landing", str(landing), "--warehouse", str(out / "warehouse.duckdb"),
            "--outbox", str(out / "outbox"), *date_args]
    return runner.invoke(app, args, env=ENV)


def _run_dates(out: Path) -> list[date]:
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    try:
        return [row[0] for row in con.execute("SELECT business_date FROM recon.run_dates ORDER BY 1").fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--date", D1, D2, D3], [D1, D2, D3]),
        (["--date", D1, "--date", D2], [D1, D2]),
        (["--date", D1, D2, "--date", D3], [D1, D2, D3]),
        ([f"--date={D1}", D2], [D1, D2]),
        (["--date", D2, D3, "--landing", "L"], [D2, D3]),
        (["--landing", "L", "--date", D2], [D2]),
        ([], None),
    ],
)
def test_date_forms_reach_the_pipeline(
    monkeypatch: pytest.MonkeyPatch, args: list[str], expected: list[str] | None
) -> None:
    seen: list[list[date] | None] = []

    def fake_run(settings: Settings, dates: list[date] | None) -> str:
        seen.append(dates)
        return "ok"

    monkeypatch.setattr(cli, "run_with_progress", fake_run)
    result = runner.invoke(app, ["run", *args], env=ENV)
    assert result.exit_code == 0, result.output
    assert seen == [None if expected is None else [date.fromisoformat(d) for d in expected]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-01"], "Invalid value for '--date': '2026-13-01' is not a date YYYY-MM-DD"),
        (["--date", D1, "11/02/2026"], "Invalid value for '--date': '11/02/2026' is not a date YYYY-MM-DD"),
        (["--date", D1, "tomorrow"], "Invalid value for '--date': 'tomorrow' is not a date YYYY-MM-DD"),
        ([D1], f"unexpected argument '{D1}': dates go after --date"),
        ([D1, D2], f"unexpected argument '{D1}': dates go after --date"),
        ([D2, "--date", D1], f"unexpected argument '{D2}': dates go after --date"),
        (["--date", D1, "--landing", "L", D2], f"unexpected argument '{D2}': dates go after --date"),
        (["--date"], "Option '--date' requires an argument"),
        (["stray"], "Got unexpected extra argument(s) (stray)"),
    ],
)
def test_bad_dates_are_usage_errors(monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    def must_not_run(settings: Settings, dates: list[date] | None) -> str:
        raise AssertionError("the pipeline ran despite a usage error")

    monkeypatch.setattr(cli, "run_with_progress", must_not_run)
    result = runner.invoke(app, ["run", *args], env=ENV)
    assert result.exit_code == 2, result.output
    assert message in _flat(result.output)
    assert "Traceback" not in result.output


def test_help_shows_one_or_more_dates() -> None:
    result = runner.invoke(app, ["run", "--help"], env={**ENV, "COLUMNS": "160"})
    assert result.exit_code == 0
    assert "--date" in result.output and "D ..." in result.output


def test_several_dates_after_one_flag_reconcile_those_dates(landing: Path, tmp_path: Path) -> None:
    spread = _run(landing, tmp_path / "spread", "--date", D2, D3)
    assert spread.exit_code == 0, spread.output
    repeated = _run(landing, tmp_path / "repeated", "--date", D2, "--date", D3)
    assert repeated.exit_code == 0, repeated.output

    reconciled = _run_dates(tmp_path / "spread")
    assert {date.fromisoformat(D2), date.fromisoformat(D3)} <= set(reconciled)
    assert date.fromisoformat(D4) not in reconciled  # later dates are left alone
    assert reconciled == _run_dates(tmp_path / "repeated")


def test_a_later_date_reconciles_the_earlier_never_reconciled_ones_first(landing: Path, tmp_path: Path) -> None:
    result = _run(landing, tmp_path, "--date", D3)
    assert result.exit_code == 0, result.output
    assert _run_dates(tmp_path) == [date.fromisoformat(d) for d in (D1, D2, D3)]


def test_the_reconcile_step_reconciles_earlier_loaded_dates_the_same_way(landing: Path, tmp_path: Path) -> None:
    from hc_reconcile.pipeline import publish, reconcile_dates, run

    settings = Settings(
        landing=landing, warehouse=tmp_path / "warehouse.duckdb", outbox=tmp_path / "outbox", build_models=False
    )
    run(settings, reconcile=False)  # the Dagster ingest step: every date loaded, none reconciled
    assert _run_dates(tmp_path) == []
    summary = reconcile_dates(settings, dates=[date.fromisoformat(D3)])
    expected = [date.fromisoformat(d) for d in (D1, D2, D3)]
    assert summary.reconciled == expected
    publish(settings)  # the reconcile step leaves publishing to the next step
    assert _run_dates(tmp_path) == expected
