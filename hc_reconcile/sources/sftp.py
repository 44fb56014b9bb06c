"""Pick up new 835 files from the clearinghouse SFTP server into ``<landing>/<D>/remit/``.

* Host key checked against known_hosts (see ``sftp_connect``).
* A remote file is downloaded once: the pickup ledger remembers (remote path, size, mtime).
* Atomic landing: each file is streamed into ``<landing>/<D>/.sftp-partial/`` (same file
  system, outside every folder ingest reads), fsynced, then renamed into ``remit/``. A
  dropped connection leaves no file behind in ``remit/``; the next pull starts it again.
* A file the server changes while we read it (still being uploaded) is discarded and
  picked up by a later pull once it is stable.
* If the landing name is taken by a different file, the new one gets ``name~2.ext``; if it
  is taken by identical bytes (a crash after the rename, before the ledger write), it is
  only recorded in the ledger.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import logging
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

import paramiko

from hc_reconcile.errors import SourceError
from hc_reconcile.fileio import discard, fsync_dir, sha256_file
from hc_reconcile.sources.ledger import LEDGER_NAME, PickupLedger, RemoteFile, exclusive_pull
from hc_reconcile.sources.sftp_config import SftpSettings
from hc_reconcile.sources.sftp_connect import open_sftp

log = logging.getLogger(__name__)

STAGING = ".sftp-partial"
_BLOCK = 32768
_NETWORK_ERRORS = (OSError, EOFError, paramiko.SSHException)


@dataclass(frozen=True, slots=True)
class PulledFile:
    remote_path: str
    local_path: Path
    size: int
    sha256: str


@dataclass
class PullResult:
    business_date: date
    landed: list[PulledFile] = field(default_factory=list)
    #: downloaded, but identical bytes were already in the remit folder under that name
    already_present: int = 0
    #: remote files skipped because the ledger has them
    seen_before: int = 0
    #: remote files changing while read (still uploading?): retried next pull
    unstable: list[str] = field(default_factory=list)
    #: new remote files left for the next pull (time budget used up)
    deferred: int = 0

    def summary(self) -> str:
        text = (
            f"SFTP pickup for business date {self.business_date}: {len(self.landed)} new file(s) landed"
            f"{' (' + ', '.join(f.local_path.name for f in self.landed) + ')' if self.landed else ''}; "
            f"{self.seen_before} already picked up before"
        )
        if self.already_present:
            text += f"; {self.already_present} already present in the remit folder"
        if self.unstable:
            text += f"; {len(self.unstable)} still changing on the server, retried next pull"
        if self.deferred:
            text += f"; {self.deferred} left for the next pull (time budget)"
        return text + "."


def _safe_name(name: str) -> bool:
    return (
        name not in ("", ".", "..")
        and PurePosixPath(name).name == name
        and "\\" not in name
        and "\x00" not in name
        and not name.startswith(".")
    )


def list_new(
    sftp: paramiko.SFTPClient, *, settings: SftpSettings, ledger: PickupLedger, result: PullResult
) -> list[RemoteFile]:
    """Regular files in the remote folder that match the pattern and are not in the ledger."""
    try:
        entries = sftp.listdir_attr(settings.remote_dir)
    except _NETWORK_ERRORS as exc:
        raise SourceError(
            f"cannot list remote folder {settings.remote_dir!r} on {settings.host}: {exc}"
        ) from exc
    new: list[RemoteFile] = []
    for attr in sorted(entries, key=lambda a: a.filename):
        name = attr.filename
        if attr.st_mode is None or not stat.S_ISREG(attr.st_mode):
            continue
        if not fnmatch.fnmatchcase(name, settings.pattern):
            continue
        if not _safe_name(name):
            log.warning("SFTP: skipping remote file with an unusable name %r", name)
            continue
        remote = RemoteFile(
            path=str(PurePosixPath(settings.remote_dir) / name),
            size=int(attr.st_size or 0),
            mtime=int(attr.st_mtime or 0),
        )
        if ledger.seen(remote):
            result.seen_before += 1
        else:
            new.append(remote)
    return new


def _place(*, target_dir: Path, name: str, sha256: str) -> tuple[Path, bool]:
    """Landing path for a new file and whether identical bytes already sit there."""
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    candidate, n = target_dir / name, 1
    while candidate.exists():
        if candidate.is_file() and sha256_file(candidate) == sha256:
            return candidate, True
        n += 1
        candidate = target_dir / f"{stem}~{n}{suffix}"
    return candidate, False


def _fetch(sftp: paramiko.SFTPClient, remote: RemoteFile, *, tmp: Path) -> tuple[str, int]:
    """Stream ``remote`` into ``tmp`` (fsynced); SHA-256 of the bytes and how many there were."""
    digest = hashlib.sha256()
    written = 0
    with sftp.open(remote.path, "rb") as src, tmp.open("wb") as dst:
        src.prefetch(remote.size)
        while block := src.read(_BLOCK):
            dst.write(block)
            digest.update(block)
            written += len(block)
        dst.flush()
        os.fsync(dst.fileno())
    return digest.hexdigest(), written


class _Landing:
    """The business date's folders, created on first use and tidied up at the end."""

    def __init__(self, *, landing: Path, business_date: date) -> None:
        self.day = landing / business_date.isoformat()
        self.remit = self.day / "remit"
        self.staging = self.day / STAGING
        self._created = [p for p in (self.day, self.remit) if not p.exists()]

    def prepare(self) -> None:
        self.remit.mkdir(parents=True, exist_ok=True)
        self.staging.mkdir(exist_ok=True)

    def tidy(self) -> None:
        """Remove the staging folder, and any folder this pull created that stayed empty."""
        for tmp in self.staging.glob("*.part") if self.staging.is_dir() else ():
            discard(tmp)
        for folder in (self.staging, *reversed(self._created)):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty


def _download_one(
    sftp: paramiko.SFTPClient,
    remote: RemoteFile,
    *,
    where: _Landing,
    ledger: PickupLedger,
    business_date: date,
    landing: Path,
    result: PullResult,
    server: str,
) -> None:
    where.prepare()
    tmp = where.staging / f"{remote.name}.part"
    try:
        sha, written = _fetch(sftp, remote, tmp=tmp)
        after = sftp.stat(remote.path)
        changed = (int(after.st_size or 0), int(after.st_mtime or 0)) != (remote.size, remote.mtime)
        if written != remote.size and not changed:  # the stream ended early
            raise EOFError(f"got {written} of {remote.size} bytes")
    except _NETWORK_ERRORS as exc:
        discard(tmp)
        raise SourceError(
            f"SFTP download of {remote.path} from {server} failed part-way ({exc or type(exc).__name__}); "
            "the partial copy was discarded and the next pull retries it"
        ) from exc
    except BaseException:
        discard(tmp)
        raise
    if changed or written != remote.size:
        discard(tmp)
        log.warning(
            "SFTP: %s changed while being read (still uploading?); retrying next pull", remote.path
        )
        result.unstable.append(remote.path)
        return
    final, identical = _place(target_dir=where.remit, name=remote.name, sha256=sha)
    if identical:
        discard(tmp)
        result.already_present += 1
    else:
        os.replace(tmp, final)
        os.utime(final, (remote.mtime, remote.mtime))
        fsync_dir(where.remit)
        result.landed.append(
            PulledFile(remote_path=remote.path, local_path=final, size=remote.size, sha256=sha)
        )
        log.info("SFTP: landed %s as %s (%d bytes)", remote.path, final, remote.size)
    ledger.record(
        remote, local_path=str(final.relative_to(landing)), business_date=business_date, sha256=sha
    )


def pull(
    *,
    settings: SftpSettings,
    landing: Path,
    business_date: date,
    clock: Callable[[], float] = time.monotonic,
) -> PullResult:
    """Download every new remote file into ``<landing>/<business_date>/remit/``.

    Raises SourceError when the server cannot be reached, refuses us, or drops the
    connection; files landed before the failure stay landed and recorded.
    """
    state_dir = settings.ledger_dir(landing=landing)
    result = PullResult(business_date=business_date)
    started = clock()
    with exclusive_pull(state_dir):
        ledger = PickupLedger.load(state_dir / LEDGER_NAME)
        where = _Landing(landing=landing, business_date=business_date)
        try:
            with open_sftp(settings) as sftp:
                todo = list_new(sftp, settings=settings, ledger=ledger, result=result)
                for index, remote in enumerate(todo):
                    if (
                        settings.time_budget is not None
                        and clock() - started > settings.time_budget
                    ):
                        result.deferred = len(todo) - index
                        break
                    _download_one(
                        sftp,
                        remote,
                        where=where,
                        ledger=ledger,
                        business_date=business_date,
                        landing=landing,
                        result=result,
                        server=f"{settings.host}:{settings.port}",
                    )
        finally:
            where.tidy()
    return result
