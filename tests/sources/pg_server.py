"""A throwaway PostgreSQL server for the SQL-source tests: initdb + pg_ctl on a temp folder.

Uses the PostgreSQL binaries of the machine (on PATH or under /usr/lib/postgresql/*/bin;
`.ci/run` installs Debian's `postgresql` package when they are missing). PostgreSQL refuses
to run as root, so under root the server runs as the `postgres` user the package creates.
Trust authentication on 127.0.0.1 and a private socket folder: nothing outside the test
can reach it, and it is stopped and deleted afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries here, or the server would not start (the reason says which)."""


@contextmanager
def local_postgres() -> Iterator[str]:
    """A running server; yields its SQLAlchemy URL (psycopg 3 driver)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable("no initdb on PATH or under /usr/lib/postgresql/*/bin")
    user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="hc_pg_"))
    if user is not None:
        try:
            shutil.chown(root, user=user)
        except (LookupError, PermissionError) as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise PostgresUnavailable(f"running as root and no usable 'postgres' user: {exc}") from None
    data, port = root / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run(args, user=user, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
        run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"),
            "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off",
            "start",
        )
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            user=user, capture_output=True, timeout=60, check=False,
        )
        shutil.rmtree(root, ignore_errors=True)
