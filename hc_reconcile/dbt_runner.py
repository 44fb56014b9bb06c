"""Run dbt on the analyst project (``dbt_like_sql/``) in-process, against one DuckDB file.

``run_dbt(["build"], database=path)`` uses dbt's programmatic runner (``dbtRunner``): no
subprocess, no ``dbt`` executable on PATH. The project reads the database path from
``HC_WAREHOUSE_PATH`` (see ``dbt_like_sql/profiles.yml``), set here for the duration of the
call. dbt's artifacts (target/) and logs go to a cache folder outside the project, one per
database path (``HC_DBT_CACHE_DIR``, default ``<repo>/.cache/dbt``): the tree stays clean and
dbt's partial parsing is reused from one nightly run to the next (dbt re-parses everything
when the database path changes).

Error-severity failures (a model that does not build, an error test that fails, a project
that does not parse) raise ``WarehouseError`` with dbt's messages; warn-severity test
failures are logged as warnings and do not stop the run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hc_reconcile.errors import WarehouseError

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO / "dbt_like_sql"
CACHE_ENV = "HC_DBT_CACHE_DIR"
DATABASE_ENV = "HC_WAREHOUSE_PATH"

KEEP_CACHES = 10  # per-database cache folders kept (most recently used); older ones are removed

_FAILED = frozenset({"error", "fail", "runtime error"})
_WARNED = frozenset({"warn"})


def cache_root() -> Path:
    """Root of everything dbt writes: ``HC_DBT_CACHE_DIR`` or ``<repo>/.cache/dbt`` (gitignored)."""
    return Path(os.environ.get(CACHE_ENV) or REPO / ".cache" / "dbt")


def cache_dir(database: Path) -> Path:
    """Where dbt writes target/ and logs/ for ``database``."""
    key = hashlib.sha256(str(Path(database).resolve()).encode()).hexdigest()[:16]
    return cache_root() / key


def _prune_caches(keep: Path) -> None:
    """Remove all but the KEEP_CACHES most recently used cache folders (tests and ad-hoc runs
    on temporary databases would otherwise pile up); ``keep`` is never removed."""
    prune_folders(cache_root(), newest=KEEP_CACHES, keep=keep, match=lambda p: len(p.name) == 16)


def prune_folders(
    root: Path, *, newest: int, keep: Path | None = None, match: Callable[[Path], bool] = lambda p: True
) -> None:
    """Delete the folders under ``root`` (those ``match`` accepts) but the ``newest`` most
    recently modified, counting ``keep`` among them and never deleting it."""
    try:
        folders = [p for p in root.iterdir() if p.is_dir() and match(p) and p != keep]
    except OSError:
        return
    folders.sort(key=_mtime, reverse=True)
    for old in folders[max(newest - (keep is not None), 0) :]:
        shutil.rmtree(old, ignore_errors=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another process
        return 0.0


@contextmanager
def environ(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def dbt_environment(database: Path, *, target_path: Path, log_path: Path) -> dict[str, str]:
    """The environment of one dbt invocation on ``database``."""
    return {
        DATABASE_ENV: str(Path(database).resolve()),
        "DBT_PROJECT_DIR": str(DBT_PROJECT_DIR),
        "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
        "DBT_TARGET_PATH": str(target_path),
        "DBT_LOG_PATH": str(log_path),
        # Nothing on the console (failures come back as WarehouseError); dbt.log at info (one
        # line per node, errors in full): debug logging of every statement costs ~1 s a build.
        "DBT_LOG_LEVEL": os.environ.get("DBT_LOG_LEVEL", "none"),
        "DBT_LOG_LEVEL_FILE": os.environ.get("DBT_LOG_LEVEL_FILE", "info"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def run_dbt(args: list[str], *, database: Path) -> None:
    """``dbt <args>`` on the project against ``database``, silently (set DBT_LOG_LEVEL to see dbt's output).

    Raises WarehouseError when dbt reports a failure (parse/compile error, a model that fails,
    an error-severity test that fails) or when ``database`` does not exist (dbt would create
    an empty one). Warn-severity failures are logged, not raised.
    """
    if not Path(database).is_file():
        raise WarehouseError(f"cannot build the analyst models: no warehouse file at {database}")
    invoke_dbt(args, database=database)


def invoke_dbt(args: Sequence[str], *, database: Path, target_path: Path | None = None) -> Any:
    """Like ``run_dbt``, returning dbt's result object (e.g. RunExecutionResult, Manifest)."""
    from dbt.cli.main import dbtRunner

    cache = cache_dir(database)
    target = target_path or cache / "target"
    logs = cache / "logs"
    for path in (target, logs):
        path.mkdir(parents=True, exist_ok=True)
    os.utime(cache)  # most recently used
    _prune_caches(keep=cache)
    with environ(dbt_environment(database, target_path=target, log_path=logs)):
        try:
            outcome = dbtRunner().invoke(list(args))
        finally:
            _release_database()
    results = _node_results(outcome.result)
    for unique_id, status, message in results:
        if status in _WARNED:
            log.warning("dbt %s: %s", unique_id, message)
    if not outcome.success:
        raise WarehouseError(_failure_message(args, database, outcome.exception, results, logs))
    return outcome.result


def _release_database() -> None:
    """Close dbt-duckdb's in-process DuckDB connection, so the file is checkpointed and free
    (the run copies it to publish; the next connection may use another configuration)."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - dbt-duckdb is a dependency
        return
    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
    DuckDBConnectionManager.close_all_connections()


def parse_manifest(target_path: Path) -> Path:
    """``dbt parse`` into ``target_path`` (for Dagster); returns the manifest.json path.

    Parses in a private folder and moves manifest.json into place atomically, so concurrent
    loaders never read half a file. Parsing does not open the database.
    """
    target_path.mkdir(parents=True, exist_ok=True)
    manifest = target_path / "manifest.json"
    work = Path(tempfile.mkdtemp(prefix="parse-", dir=target_path))
    try:
        invoke_dbt(["parse"], database=target_path / "parse-only.duckdb", target_path=work)
        os.replace(work / "manifest.json", manifest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def project_mtime() -> float:
    """Latest modification time of the dbt project's own files (to tell a stale manifest)."""
    skip = {"target", "logs", "dbt_packages"}
    times = [
        p.stat().st_mtime
        for p in DBT_PROJECT_DIR.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(DBT_PROJECT_DIR).parts)
    ]
    return max(times, default=0.0)


def _node_results(result: Any) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for r in getattr(result, "results", None) or []:
        node = getattr(r, "node", None)
        unique_id = getattr(node, "unique_id", None) or str(node)
        status = str(getattr(r.status, "value", r.status)).lower()
        message = r.message or ""
        age = getattr(r, "age", None)  # source freshness: seconds since the newest business date
        if age is not None and not message:
            message = f"newest row {age / 86400:.1f} days old"
        failures = getattr(r, "failures", None)
        if status in _FAILED | _WARNED and failures:
            message = f"{message} ({failures} failing row(s))" if message else f"{failures} failing row(s)"
        rows.append((unique_id, status, message))
    return rows


def _failure_message(
    args: Sequence[str],
    database: Path,
    exception: BaseException | None,
    results: list[tuple[str, str, str]],
    logs: Path,
) -> str:
    failed = [f"{uid}: {status}: {msg}" for uid, status, msg in results if status in _FAILED]
    detail = "; ".join(failed) if failed else (str(exception) if exception else "see the dbt log")
    return (
        f"dbt {' '.join(args)} (analyst models, dbt_like_sql/) failed on {database}: {detail}. "
        f"dbt log: {logs / 'dbt.log'}"
    )
