"""The daily reconciliation report: HTML with charts, a CSV per owner queue, e-mailed per team.

Modules, one job each: ``queries`` (read D from the warehouse), ``phi`` (masking), ``aging``,
``kpis``, ``summary``, ``fmt``, ``charts`` (PNG), ``render`` (jinja2), ``exports`` (CSV),
``mail`` (EmailMessage), ``ledger`` + ``delivery`` (SMTP, at most once), ``service`` (glue).
See docs/report.md.
"""

from hc_reconcile.report.service import (
    BuiltReport,
    WrittenReport,
    build_report,
    default_out_dir,
    send_report,
    write_report,
)

__all__ = ["BuiltReport", "WrittenReport", "build_report", "default_out_dir", "send_report", "write_report"]
