"""hc_reconcile: revenue-cycle reconciliation on DuckDB."""
