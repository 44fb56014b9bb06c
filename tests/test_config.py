"""Settings precedence: CLI flags > HC_* environment > TOML file > contract defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from hc_reconcile.config import load_settings
from hc_reconcile.errors import ConfigError


def test_defaults_are_the_contract_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HC_CONFIG", raising=False)
    s = load_settings()
    assert (s.accounts.cash, s.accounts.patient_ar, s.accounts.revenue) == ("1010", "1200", "4000")
    t = s.thresholds
    assert (t.remit_not_posted_days, t.eft_not_in_gl_days, t.unbilled_charge_days, t.referral_without_account_days) == (3, 2, 7, 2)
    assert t.days_in_ar_window == 90


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "hc.toml"
    toml.write_text('landing = "from_toml"\nwarehouse = "toml.duckdb"\n[thresholds]\nunbilled_charge_days = 9\neft_not_in_gl_days = 4\n')
    monkeypatch.setenv("HC_WAREHOUSE", "env.duckdb")
    monkeypatch.setenv("HC_THRESHOLDS__EFT_NOT_IN_GL_DAYS", "5")
    s = load_settings(config_file=toml, outbox=Path("cli_outbox"))
    assert s.landing == Path("from_toml")  # TOML beats default
    assert s.warehouse == Path("env.duckdb")  # env beats TOML
    assert s.thresholds.unbilled_charge_days == 9
    assert s.thresholds.eft_not_in_gl_days == 5
    assert s.outbox == Path("cli_outbox")
    s2 = load_settings(config_file=toml, warehouse=Path("cli.duckdb"))
    assert s2.warehouse == Path("cli.duckdb")  # CLI beats env


def test_bad_config_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HC_THRESHOLDS__UNBILLED_CHARGE_DAYS", "soon")
    with pytest.raises(ConfigError, match=r"thresholds\.unbilled_charge_days"):
        load_settings()
    monkeypatch.delenv("HC_THRESHOLDS__UNBILLED_CHARGE_DAYS")
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config_file=tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("timezone = 'Mars/Olympus'\n")
    with pytest.raises(ConfigError, match="unknown time zone"):
        load_settings(config_file=bad)
