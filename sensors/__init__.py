"""Dagster sensors and operational resources (thin: the work is done by the hc_reconcile library).

``landing``: new date folder or late file → run for that business date.
``sftp``: picks up the clearinghouse's 835 files (the landing sensor then sees them).
``failures``: every failed run is recorded in a JSON file and e-mailed.
"""
