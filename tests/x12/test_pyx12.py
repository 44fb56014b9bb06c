"""pyx12 as a second opinion: runs over every sample without raising, records findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from x12_samples import bad_samples, good_samples

from hc_reconcile.x12.pyx12_check import Pyx12Finding, pyx12_findings


@pytest.mark.parametrize("path", good_samples(), ids=lambda p: p.name)
def test_good_samples(path: Path) -> None:
    findings = pyx12_findings(path.read_bytes())
    assert all(isinstance(f, Pyx12Finding) and f.message for f in findings)
    # TR3-level findings documented in SOURCES.md; none is an engine failure
    assert not [f for f in findings if f.severity == "failure"]


def test_known_findings_are_recorded() -> None:
    by_name = {p.name: pyx12_findings(p) for p in good_samples()}
    assert by_name["tastypackets__profee.835"] == []
    tertiary = by_name["lfh__tertiary-payment.835"]
    assert any(f.element == "BPR16" and "missing" in f.message for f in tertiary)
    assert any(f.segment == "PER" for f in tertiary)
    multiple = by_name["tastypackets__profee-multiple.835"]
    assert len(multiple) == 155
    assert all("not unique" in f.message for f in multiple)
    assert str(tertiary[0]).startswith("error: line 4 BPR BPR16: ")


@pytest.mark.parametrize("path", bad_samples(), ids=lambda p: p.name)
def test_bad_samples_never_raise(path: Path) -> None:
    findings = pyx12_findings(path.read_bytes())
    assert findings, "a malformed file gets at least one finding"
    assert all(f.message and "StringIO" not in f.message for f in findings)


def test_unreadable_input_is_a_finding(tmp_path: Path) -> None:
    findings = pyx12_findings(tmp_path / "missing.835")
    assert [f.severity for f in findings] == ["failure"]
    assert pyx12_findings(b"") and pyx12_findings(b"\xff\xfe garbage")
