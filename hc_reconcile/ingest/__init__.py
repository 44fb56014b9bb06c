"""Ingestion: landing files → raw tables, file log, rejected rows (CONTRACT §1–2)."""
