"""Read the package's .sql files and run them with bound parameters.

SQL files use DuckDB named parameters (``$d``, ``$cash``, ...). One parameter dict is built
per run (see ``params.py``); each statement gets only the names it mentions, because DuckDB
refuses unused parameters. Values are always bound, never formatted into the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import polars as pl

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


@cache
def load_sql(package: str, name: str) -> str:
    """The text of ``<package>/<name>.sql`` (cached: the files ship with the code)."""
    return (resources.files(package) / f"{name}.sql").read_text(encoding="utf-8")


@cache
def list_sql(package: str) -> tuple[str, ...]:
    """Names (without ``.sql``) of the SQL files of a package, in name order."""
    return tuple(
        sorted(
            entry.name.removesuffix(".sql")
            for entry in resources.files(package).iterdir()
            if entry.name.endswith(".sql")
        )
    )


def bound(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of ``params`` that ``sql`` refers to (comments ignored)."""
    names = set(_PARAM.findall(_COMMENT.sub("", sql)))
    missing = names - params.keys()
    if missing:
        raise KeyError(f"SQL parameter(s) without a value: {sorted(missing)}")
    return {name: params[name] for name in names}


def execute(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any]
) -> duckdb.DuckDBPyConnection:
    """Run one statement with the parameters it uses."""
    return con.execute(sql, bound(sql, params))


def fetch_frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> pl.DataFrame:
    """Run a query and return its result as a Polars frame (via Arrow, no row copies)."""
    table = con.sql(sql, params=bound(sql, params or {})).to_arrow_table()
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame
