"""Reference loading of landing folders into an in-memory 'warehouse' (contract §1, §2).

Folders are loaded in date order; each CSV row is an upsert on its key (the
last accepted version wins); files that are SHA-256 duplicates of a loaded file
are skipped; 835 transactions re-sent (same payer id, TRN02 and BPR02) are
skipped.  The result feeds :mod:`snapshot` for the rules of §3 and KPIs of §4.
"""

from __future__ import annotations

import fnmatch
import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from hc_reconcile.generate.contract import CSV_SCHEMAS, REMIT_FOLDER, REMIT_SOURCE, CsvSchema
from hc_reconcile.generate.oracle.csv_reader import Row, read_csv
from hc_reconcile.generate.oracle.names import normalize_name
from hc_reconcile.generate.oracle.values import parse_iso_date
from hc_reconcile.generate.oracle.x12_reader import RemitTxn, read_835


@dataclass
class FileLog:
    business_date: date
    source: str
    file_name: str
    status: str  # loaded | duplicate | quarantined
    rows_loaded: int
    rows_rejected: int
    reason: str | None
    sha_duplicate: bool = False


@dataclass
class RejectedRow:
    business_date: date
    source: str
    file_name: str
    line_no: int
    column: str | None
    reason: str


@dataclass(frozen=True)
class GlLine:
    account: str
    cost_center: str | None
    posting_date: date
    amount: Decimal
    reference: str | None
    source: str


@dataclass(frozen=True)
class Referral:
    referral_id: str
    patient_id: str
    identity: tuple[str, str, date]  # normalized first, last, birth date
    status: str
    accepted_date: date | None


@dataclass(frozen=True)
class Account:
    account_id: str
    referral_id: str | None
    created_date: date


@dataclass(frozen=True)
class Charge:
    charge_id: str
    claim_id: str | None
    facility_id: str
    service_date: date
    post_date: date
    amount: Decimal


@dataclass(frozen=True)
class Claim:
    claim_id: str
    account_id: str
    total_charge: Decimal
    submitted_date: date


@dataclass(frozen=True)
class Posting:
    posting_id: str
    claim_id: str
    posting_type: str
    amount: Decimal
    post_date: date


@dataclass
class LoadedTxn:
    received: date
    seq: int  # processing order
    file_name: str
    txn: RemitTxn


def _d(v: str | None) -> date:
    assert v is not None
    out = parse_iso_date(v)
    assert out is not None
    return out


def _od(v: str | None) -> date | None:
    return None if v is None else _d(v)


def _s(v: str | None) -> str:
    assert v is not None
    return v


def _typed(source: str, r: Row) -> object:
    if source == "gl_journal":
        return GlLine(_s(r["account"]), r.get("cost_center"), _d(r["posting_date"]),
                      Decimal(_s(r["amount"])), r.get("reference"), _s(r["source"]))
    if source == "referrals":
        ident = (normalize_name(_s(r["first_name"])), normalize_name(_s(r["last_name"])),
                 _d(r["birth_date"]))
        return Referral(_s(r["referral_id"]), _s(r["patient_id"]), ident, _s(r["status"]),
                        _od(r.get("accepted_date")))
    if source == "accounts":
        return Account(_s(r["account_id"]), r.get("referral_id"), _d(r["created_date"]))
    if source == "charges":
        return Charge(_s(r["charge_id"]), r.get("claim_id"), _s(r["facility_id"]),
                      _d(r["service_date"]), _d(r["post_date"]), Decimal(_s(r["amount"])))
    if source == "claims":
        return Claim(_s(r["claim_id"]), _s(r["account_id"]), Decimal(_s(r["total_charge"])),
                     _d(r["submitted_date"]))
    if source == "postings":
        return Posting(_s(r["posting_id"]), _s(r["claim_id"]), _s(r["posting_type"]),
                       Decimal(_s(r["amount"])), _d(r["post_date"]))
    raise ValueError(source)


def _regular(path: Path) -> bool:
    """A regular file: a symlink is not one (nothing outside the landing tree is read)."""
    return path.is_file() and not path.is_symlink()


@dataclass
class Warehouse:
    tables: dict[str, dict[tuple[str, ...], object]] = field(
        default_factory=lambda: {s.source: {} for s in CSV_SCHEMAS})
    remit: list[LoadedTxn] = field(default_factory=list)
    file_log: list[FileLog] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    resent: dict[date, int] = field(default_factory=dict)  # re-sent transactions per date
    _loaded_sha: set[str] = field(default_factory=set)
    _txn_keys: set[tuple[str, str, Decimal]] = field(default_factory=set)

    def load_folder(self, folder: Path, d: date) -> None:
        for schema in CSV_SCHEMAS:
            sub = folder / schema.folder
            if not sub.is_dir():
                continue
            names = sorted(p.name for p in sub.iterdir()
                           if _regular(p) and fnmatch.fnmatchcase(p.name, f"{schema.source}*.csv"))
            for name in names:
                self._load_csv(schema, sub / name, d)
        sub = folder / REMIT_FOLDER
        if sub.is_dir():
            for name in sorted(p.name for p in sub.iterdir() if _regular(p)):
                self._load_835(sub / name, d)

    def _is_duplicate(self, data: bytes, d: date, source: str, name: str) -> bool:
        sha = hashlib.sha256(data).hexdigest()
        if sha in self._loaded_sha:
            self.file_log.append(FileLog(d, source, name, "duplicate", 0, 0,
                                         "same SHA-256 as a file loaded before", True))
            return True
        return False

    def _load_csv(self, schema: CsvSchema, path: Path, d: date) -> None:
        data = path.read_bytes()
        if self._is_duplicate(data, d, schema.source, path.name):
            return
        res = read_csv(data, schema)
        if res.quarantined is not None:
            self.file_log.append(FileLog(d, schema.source, path.name, "quarantined", 0, 0,
                                         res.quarantined))
            return
        self._loaded_sha.add(hashlib.sha256(data).hexdigest())
        table = self.tables[schema.source]
        for row in res.rows:
            key = tuple(_s(row[k]) for k in schema.key)
            table.pop(key, None)  # keep dict order = order of the latest version
            table[key] = _typed(schema.source, row)
        for rej in res.rejected:
            self.rejected.append(RejectedRow(d, schema.source, path.name, rej.line_no, rej.column,
                                             rej.reason))
        self.file_log.append(FileLog(d, schema.source, path.name, "loaded", len(res.rows),
                                     len(res.rejected), None))

    def _load_835(self, path: Path, d: date) -> None:
        data = path.read_bytes()
        if self._is_duplicate(data, d, REMIT_SOURCE, path.name):
            return
        res = read_835(data)
        if res.quarantined is not None:
            self.file_log.append(FileLog(d, REMIT_SOURCE, path.name, "quarantined", 0, 0,
                                         res.quarantined))
            return
        self._loaded_sha.add(hashlib.sha256(data).hexdigest())
        loaded = rejected = resent = 0
        for out in res.txns:
            if out.txn is None:
                rejected += 1
                self.rejected.append(RejectedRow(d, REMIT_SOURCE, path.name, out.position, None,
                                                 out.reason or ""))
                continue
            key = (out.txn.payer_id, out.txn.trn02, out.txn.bpr02)
            if key in self._txn_keys:
                resent += 1
                continue
            self._txn_keys.add(key)
            self.remit.append(LoadedTxn(d, len(self.remit), path.name, out.txn))
            loaded += 1
        self.resent[d] = self.resent.get(d, 0) + resent
        if res.txns and resent == len(res.txns):
            self.file_log.append(FileLog(d, REMIT_SOURCE, path.name, "duplicate", 0, 0,
                                         "every transaction re-sent"))
        else:
            self.file_log.append(FileLog(d, REMIT_SOURCE, path.name, "loaded", loaded, rejected,
                                         None))
