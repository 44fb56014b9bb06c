"""Discover business-date folders and their files in contract order (CONTRACT §1)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from hc_reconcile.errors import LandingError

log = logging.getLogger(__name__)

CsvSource = Literal["gl_journal", "referrals", "accounts", "charges", "claims", "postings"]
Source = Literal["gl_journal", "referrals", "accounts", "charges", "claims", "postings", "remit"]

#: Processing order and where each source's files live inside a date folder.
SOURCE_GLOBS: tuple[tuple[Source, str, str], ...] = (
    ("gl_journal", "erp", "gl_journal*.csv"),
    ("referrals", "crm", "referrals*.csv"),
    ("accounts", "billing", "accounts*.csv"),
    ("charges", "billing", "charges*.csv"),
    ("claims", "billing", "claims*.csv"),
    ("postings", "billing", "postings*.csv"),
    ("remit", "remit", "*"),
)
CSV_SOURCES: tuple[CsvSource, ...] = (
    "gl_journal",
    "referrals",
    "accounts",
    "charges",
    "claims",
    "postings",
)


@dataclass(frozen=True, slots=True)
class LandedFile:
    business_date: date
    source: Source
    path: Path
    #: 1-based order of the file among its source's files of that date.
    seq: int

    @property
    def name(self) -> str:
        return self.path.name


def parse_date_folder(name: str) -> date | None:
    """A folder name is a business date only when it is a real ``YYYY-MM-DD`` date."""
    if len(name) != 10 or name[4] != "-" or name[7] != "-":
        return None
    try:
        return date.fromisoformat(name)
    except ValueError:
        return None


def list_dates(landing: Path) -> tuple[list[date], list[str]]:
    """Business dates under ``landing`` in order, and the folder names skipped (not real dates)."""
    if not landing.is_dir():
        raise LandingError(
            f"landing folder {landing} does not exist or is not a folder; "
            "pass --landing DIR (or set HC_LANDING) to the folder holding YYYY-MM-DD date folders"
        )
    try:
        entries = sorted(landing.iterdir())
    except OSError as exc:
        raise LandingError(f"cannot read landing folder {landing}: {exc}") from exc
    dates: list[date] = []
    skipped: list[str] = []
    for entry in entries:
        if not entry.is_dir():
            continue
        parsed = parse_date_folder(entry.name)
        if parsed is None:
            log.warning("skipping landing folder %r: not a YYYY-MM-DD business date", entry.name)
            skipped.append(entry.name)
        else:
            dates.append(parsed)
    return dates, skipped


def list_files(landing: Path, business_date: date) -> list[LandedFile]:
    """Files of one business date in processing order: source order, then file-name code points."""
    folder = landing / business_date.isoformat()
    if not folder.is_dir():
        raise LandingError(f"no landing folder for {business_date}: {folder} does not exist")
    files: list[LandedFile] = []
    for source, sub, pattern in SOURCE_GLOBS:
        directory = folder / sub
        if not directory.is_dir():
            continue
        matches = sorted(
            (p for p in directory.glob(pattern) if p.is_file() and not p.is_symlink()),
            key=lambda p: p.name,
        )
        files.extend(
            LandedFile(business_date=business_date, source=source, path=p, seq=i)
            for i, p in enumerate(matches, start=1)
        )
    return files
