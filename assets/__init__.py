"""Dagster wiring over the hc_reconcile library (thin: every step calls a library function)."""
