"""Every relation of the warehouse is named in docs/warehouse.md (analysts find it from the README)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from hc_reconcile.warehouse.ddl import ensure_schema

REPO = Path(__file__).resolve().parents[1]


def test_every_table_and_view_is_named_in_the_warehouse_doc() -> None:
    con = duckdb.connect()
    ensure_schema(con)
    relations = [
        f"{schema}.{name}"
        for schema, name in con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('main', 'information_schema', 'pg_catalog') ORDER BY ALL"
        ).fetchall()
    ]
    assert "remit.claims" in relations and "remit_store.claims" in relations
    doc = (REPO / "docs" / "warehouse.md").read_text(encoding="utf-8")
    assert [r for r in relations if f"`{r}`" not in doc] == []
    assert "docs/warehouse.md" in (REPO / "README.md").read_text(encoding="utf-8")
