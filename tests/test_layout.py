"""The library stays a plain library: importing every hc_reconcile module never imports dagster."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_hc_reconcile_never_imports_dagster() -> None:
    script = (
        "import importlib, pkgutil, sys, hc_reconcile\n"
        "for m in pkgutil.walk_packages(hc_reconcile.__path__, 'hc_reconcile.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'dagster' or n.startswith('dagster'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "hc_reconcile").rglob("*.py")
        if any(line.lstrip().startswith(("import dagster", "from dagster")) for line in p.read_text().splitlines())
    ]
    assert offenders == []
