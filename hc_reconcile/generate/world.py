"""The generator's in-memory model: every row, file and transaction to be written.

Baseline rows are bulk polars frames (string columns of the contract schema plus
``_day``, the folder day offset, and ``_ord``, the order inside the day's file).
Stories add individual rows, files and transactions on top, and record the
faults they inject.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from hc_reconcile.generate.catalog import FACILITIES, PAYERS, Facility, Payer
from hc_reconcile.generate.contract import SCHEMA_BY_SOURCE, CsvSchema
from hc_reconcile.generate.fmt import iso
from hc_reconcile.generate.params import ScaleParams
from hc_reconcile.generate.x12 import (
    DELIMS_STAR,
    Group,
    Interchange,
    RemitFile,
    Txn,
    version_code,
)

FileKey = tuple[str, str]  # (folder name, path relative to the folder)


@dataclass
class Fault:
    """One expected effect of an injected fault (a row of faults.csv)."""

    fault_id: str
    kind: str
    day: int
    entity_key: str
    expected: str  # exception type, or a bad-input outcome (lower case)
    note: str
    first_seen: int | None = None  # expected window (day offsets), checked by selfcheck
    resolved_on: int | None = None


@dataclass
class StoryRow:
    values: dict[str, str | None]
    fields: list[str] | None = None  # raw fields in file column order (short/odd rows)
    reject: str | None = None  # expected rejected column
    fault: Fault | None = None  # entity_key filled with the line number at write time


@dataclass
class FileOpts:
    bom: bool = False
    crlf: bool = False
    order: tuple[str, ...] | None = None
    extra: dict[str, str] = field(default_factory=dict)
    header_pad: bool = False
    encoding: str = "utf-8"
    drop: tuple[str, ...] = ()
    trailing_empty_row: bool = False


@dataclass
class RevenueMod:
    facility_id: str
    day: int
    kind: str  # "deliver_on" | "cost_center" | "amount_delta" | "correct_on"
    value: str | int | None = None
    extra_day: int | None = None


class World:
    def __init__(self, *, start: date, days: int, seed: int, params: ScaleParams) -> None:
        self.start = start
        self.days = days
        self.seed = seed
        self.params = params
        self.rng = np.random.default_rng([seed, 7])
        self.facilities: tuple[Facility, ...] = FACILITIES[: params.n_facilities]
        self.payers: tuple[Payer, ...] = PAYERS[: params.n_payers]
        self.frames: dict[str, list[pl.DataFrame]] = defaultdict(list)
        self.rows: dict[FileKey, list[StoryRow]] = defaultdict(list)
        self.opts: dict[FileKey, FileOpts] = {}
        self.raw: dict[FileKey, bytes] = {}
        self.copies: list[tuple[FileKey, FileKey]] = []
        self.remit: dict[FileKey, RemitFile] = {}
        self.remit_by_payer_day: dict[tuple[str, int], FileKey] = {}
        self.charge_frames: list[pl.DataFrame] = []  # facility_id, post_day, cents
        self.story_charges: list[tuple[str, int, int]] = []
        self.revenue_mods: list[RevenueMod] = []
        self.faults: list[Fault] = []
        self.invalid_folders: list[str] = []
        self.after_write: list[Callable[[], None]] = []
        self.counters: dict[str, int] = defaultdict(int)
        self.reserved_fac_days: set[tuple[str, int]] = set()
        self._fault_seq = 0

    # --- ids and dates -------------------------------------------------------

    def folder(self, day: int) -> str:
        return iso(self.start, max(day, 0))

    def in_range(self, day: int) -> bool:
        return day <= self.days - 1

    def take(self, kind: str, n: int = 1) -> int:
        """Reserve ``n`` consecutive numbers of an id sequence; returns the first."""
        first = self.counters[kind]
        self.counters[kind] += n
        return first

    # --- faults ----------------------------------------------------------------

    def new_fault_id(self) -> str:
        self._fault_seq += 1
        return f"FLT{self._fault_seq:04d}"

    def expect(self, *, fault_id: str, kind: str, day: int, key: str, expected: str,
               note: str, first_seen: int | None = None,
               resolved_on: int | None = None) -> Fault:
        f = Fault(fault_id, kind, day, key, expected, note, first_seen, resolved_on)
        self.faults.append(f)
        return f

    # --- CSV rows --------------------------------------------------------------

    def csv_key(self, day: int | str, source: str, file_name: str | None = None) -> FileKey:
        schema = SCHEMA_BY_SOURCE[source]
        folder = day if isinstance(day, str) else self.folder(day)
        return folder, f"{schema.folder}/{file_name or schema.base_name()}"

    def add_row(self, day: int | str, source: str, values: dict[str, str | None], *,
                file_name: str | None = None, reject: str | None = None,
                fault: Fault | None = None, fields: list[str] | None = None) -> None:
        if isinstance(day, int) and not self.in_range(day):
            return
        schema: CsvSchema = SCHEMA_BY_SOURCE[source]
        unknown = set(values) - set(schema.columns)
        if unknown:
            raise ValueError(f"unknown columns for {source}: {sorted(unknown)}")
        key = self.csv_key(day, source, file_name)
        self.rows[key].append(StoryRow(dict(values), fields, reject, fault))

    def file_opts(self, day: int | str, source: str, file_name: str | None = None) -> FileOpts:
        key = self.csv_key(day, source, file_name)
        if key not in self.opts:
            self.opts[key] = FileOpts()
        return self.opts[key]

    def touch_file(self, day: int | str, source: str, file_name: str) -> None:
        """Make sure a (possibly header-only) file is written."""
        self.rows.setdefault(self.csv_key(day, source, file_name), [])

    def has_base_rows(self, source: str, day: int) -> bool:
        return any(f.filter(pl.col("_day") == day).height for f in self.frames.get(source, []))

    def add_charge_for_gl(self, *, facility_id: str, post_day: int, cents: int) -> None:
        self.story_charges.append((facility_id, post_day, cents))

    def reserve_fac_day(self, facility_id: str, day: int) -> bool:
        if (facility_id, day) in self.reserved_fac_days:
            return False
        self.reserved_fac_days.add((facility_id, day))
        return True

    # --- 835 files -------------------------------------------------------------

    def new_interchange(self, payer: Payer, day: int, groups: list[Group]) -> Interchange:
        d = self.start.toordinal() + max(day, 0)
        yymmdd = date.fromordinal(d).strftime("%y%m%d")
        n = self.take("isa13") + 1
        return Interchange(sender=payer.isa_id, isa13=f"{n:09d}", version=payer.version,
                           groups=groups, yymmdd=yymmdd, hhmm=f"{(6 + n % 12):02d}{(n * 7) % 60:02d}")

    def new_group(self, payer: Payer, txns: list[Txn]) -> Group:
        n = self.take("gs06") + 1
        return Group(gs06=str(n), version_code=version_code(payer.version), txns=txns)

    def remit_name(self, payer: Payer, day: int, suffix: str = ".835") -> str:
        folder = self.folder(day)
        taken = {dst for _, dst in self.copies}
        k = 1
        while ((folder, f"{payer.code}_{k:03d}{suffix}") in self.remit
               or (folder, f"remit/{payer.code}_{k:03d}{suffix}") in taken):
            k += 1
        return f"{payer.code}_{k:03d}{suffix}"

    def new_remit_file(self, payer: Payer, day: int, txns: list[Txn], *,
                       name: str | None = None) -> RemitFile:
        folder = self.folder(day)
        name = name or self.remit_name(payer, day)
        ic = self.new_interchange(payer, day, [self.new_group(payer, txns)])
        f = RemitFile(folder=folder, name=name, interchanges=[ic], delims=DELIMS_STAR)
        self.remit[(folder, name)] = f
        return f

    def add_txn(self, payer: Payer, day: int, txn: Txn) -> None:
        """Deliver a transaction inside the payer's regular file of that day."""
        if not self.in_range(day):
            return
        key = self.remit_by_payer_day.get((payer.code, day))
        if key is None:
            f = self.new_remit_file(payer, day, [txn])
            self.remit_by_payer_day[(payer.code, day)] = (f.folder, f.name)
            return
        f = self.remit[key]
        f.interchanges[-1].groups[-1].txns.append(txn)

    def next_st02(self) -> str:
        return str(1001 + self.take("st02"))

    def next_trn02(self) -> str:
        n = self.take("trn")
        return f"1{(n * 7919 + 104729) % 10**9:09d}"
