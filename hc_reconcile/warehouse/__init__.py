"""The DuckDB warehouse: schema, the private working copy and atomic publishing."""
