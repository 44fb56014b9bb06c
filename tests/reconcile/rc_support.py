"""Tiny hand-built warehouses for the reconcile tests (the ``wh`` fixture, see conftest.py).

``Warehouse`` wraps an in-memory DuckDB with the full schema and helpers that insert rows straight
into ``raw.*``, ``remit.*`` and ``recon.file_log`` (lineage filled in), run
``reconcile_date`` and read back what it found. Money is given as strings and compared as
``Decimal``. Unless told otherwise a CSV row arrives on the business date of its own row
date (post_date, posting_date, ...), and a remit is balanced (BPR02 = sum CLP04 - PLB,
CLP03 = CLP04 + CAS), so a test only sees the exceptions it sets up.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import duckdb

from hc_reconcile.config import Settings
from hc_reconcile.reconcile import Feeds, reconcile_date

D0 = date(2026, 3, 10)

Money = str | int | Decimal


def money(value: Money | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def day(offset: int, *, base: date = D0) -> date:
    """``base`` + ``offset`` days (tests read as D0 - 4, D0 + 3, ...)."""
    return base + timedelta(days=offset)


class Warehouse:
    """Insert helpers over one in-memory warehouse."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._line = itertools.count(2)
        self._file_seq: dict[date, Iterator[int]] = {}

    # ---- CSV sources -------------------------------------------------------------------
    def _insert(self, table: str, on: date, file_name: str, row: dict[str, Any]) -> None:
        row = {
            "business_date": on,
            "file_name": file_name,
            "file_seq": 1,
            "file_line": next(self._line),
            **row,
        }
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        self.con.execute(f"INSERT INTO raw.{table} ({cols}) VALUES ({marks})", list(row.values()))

    def charge(
        self,
        charge_id: str,
        *,
        post_date: date,
        amount: Money,
        service_date: date | None = None,
        claim_id: str | None = None,
        account_id: str = "ACC1",
        facility_id: str = "FAC1",
        on: date | None = None,
    ) -> None:
        self._insert(
            "charges",
            on or post_date,
            "charges.csv",
            {
                "charge_id": charge_id,
                "account_id": account_id,
                "claim_id": claim_id,
                "facility_id": facility_id,
                "service_date": service_date or post_date,
                "post_date": post_date,
                "cpt_code": "99213",
                "units": 1,
                "amount": money(amount),
            },
        )

    def claim(
        self,
        claim_id: str,
        *,
        total_charge: Money,
        submitted_date: date = date(2026, 1, 2),
        account_id: str = "ACC1",
        facility_id: str = "FAC1",
        payer_id: str | None = "PAYER1",
        on: date | None = None,
    ) -> None:
        self._insert(
            "claims",
            on or submitted_date,
            "claims.csv",
            {
                "claim_id": claim_id,
                "account_id": account_id,
                "payer_id": payer_id,
                "facility_id": facility_id,
                "total_charge": money(total_charge),
                "submitted_date": submitted_date,
            },
        )

    def account(
        self,
        account_id: str,
        *,
        created_date: date,
        referral_id: str | None = None,
        patient_id: str = "MRN1",
        facility_id: str = "FAC1",
        on: date | None = None,
    ) -> None:
        self._insert(
            "accounts",
            on or created_date,
            "accounts.csv",
            {
                "account_id": account_id,
                "patient_id": patient_id,
                "referral_id": referral_id,
                "facility_id": facility_id,
                "created_date": created_date,
            },
        )

    def referral(
        self,
        referral_id: str,
        *,
        patient_id: str = "P1",
        first_name: str = "Ann",
        last_name: str = "Lee",
        birth_date: date = date(1970, 1, 1),
        status: str = "New",
        accepted_date: date | None = None,
        referral_date: date = date(2026, 1, 2),
        on: date | None = None,
    ) -> None:
        self._insert(
            "referrals",
            on or accepted_date or referral_date,
            "referrals.csv",
            {
                "referral_id": referral_id,
                "patient_id": patient_id,
                "first_name": first_name,
                "last_name": last_name,
                "birth_date": birth_date,
                "referral_date": referral_date,
                "status": status,
                "accepted_date": accepted_date,
                "last_modified": "2026-01-02T00:00:00",
            },
        )

    def posting(
        self,
        posting_id: str,
        *,
        claim_id: str,
        amount: Money,
        post_date: date,
        posting_type: str = "PAYMENT",
        trace_number: str | None = None,
        on: date | None = None,
    ) -> None:
        self._insert(
            "postings",
            on or post_date,
            "postings.csv",
            {
                "posting_id": posting_id,
                "claim_id": claim_id,
                "posting_type": posting_type,
                "amount": money(amount),
                "post_date": post_date,
                "trace_number": trace_number,
            },
        )

    def gl(
        self,
        journal_id: str,
        line_no: str = "1",
        *,
        account: str,
        amount: Money,
        posting_date: date,
        reference: str | None = None,
        source: str = "PAYER_EFT",
        cost_center: str | None = None,
        entity_id: str = "ENT1",
        on: date | None = None,
    ) -> None:
        self._insert(
            "gl_journal",
            on or posting_date,
            "gl_journal.csv",
            {
                "journal_id": journal_id,
                "line_no": line_no,
                "entity_id": entity_id,
                "account": account,
                "cost_center": cost_center,
                "posting_date": posting_date,
                "amount": money(amount),
                "reference": reference,
                "source": source,
            },
        )

    # ---- 835 -----------------------------------------------------------------------------
    def remit(
        self,
        received: date,
        *,
        trn02: str,
        clps: Sequence[tuple[Any, ...]] = (),
        bpr02: Money | None = None,
        bpr16: date | None = None,
        payer_id: str | None = "PAYER1",
        plb: Sequence[Money] = (),
        file_name: str | None = None,
    ) -> str:
        """One 835 file with one transaction. A CLP is ``(CLP01, CLP02, CLP04)`` or
        ``(CLP01, CLP02, CLP04, CLP03, [claim CAS amounts], [service CAS amounts])``;
        omitted CLP03 = CLP04 (no CAS), omitted BPR02 = sum CLP04 - sum PLB."""
        seqs = self._file_seq.setdefault(received, itertools.count(1))
        file_seq = next(seqs)
        file_name = file_name or f"remit_{received.isoformat()}_{file_seq}.835"
        st_position = 3  # ISA, GS, ST; then BPR, TRN
        position = itertools.count(st_position + 3)
        lineage = [received, file_name, file_seq, "000000001", "1", "0001", trn02]
        # CLP/CAS/PLB rows are stored with their transaction's ST position; the remit.* views
        # add the correlation ids from remit.transactions.
        stored = [received, file_seq, st_position]
        total_paid = Decimal(0)
        claim_rows: list[list[Any]] = []
        cas_rows: list[list[Any]] = []
        for clp in clps:
            claim_id, status, paid = clp[0], clp[1], money(clp[2])
            charge = money(clp[3]) if len(clp) > 3 else paid
            assert paid is not None
            total_paid += paid
            clp_position = next(position)
            claim_rows.append([*stored, clp_position, claim_id, status, charge, paid])
            for amount in clp[4] if len(clp) > 4 else ():
                cas_rows.append([*stored, next(position), claim_id, None, money(amount)])
            if len(clp) > 5:
                svc_position = next(position)
                for amount in clp[5]:
                    cas_rows.append(
                        [*stored, next(position), claim_id, svc_position, money(amount)]
                    )
        plb_rows = [[*stored, next(position), "PRV1", "REF", money(a)] for a in plb]
        payment = (
            money(bpr02)
            if bpr02 is not None
            else total_paid - sum((money(a) or Decimal(0) for a in plb), Decimal(0))
        )
        self.con.execute(
            "INSERT INTO remit.transactions (business_date, file_name, file_seq, isa13, gs06, "
            "st02, trn02, segment_position, payer_id, payment_amount, payment_date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*lineage, st_position, payer_id, payment, bpr16],
        )
        if claim_rows:
            self.con.executemany(
                "INSERT INTO remit_store.claims (business_date, file_seq, st_position, "
                "segment_position, claim_id, status_code, charge_amount, paid_amount) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                claim_rows,
            )
        if cas_rows:
            self.con.executemany(
                "INSERT INTO remit_store.adjustments (business_date, file_seq, st_position, "
                "segment_position, claim_id, service_segment_position, "
                "group_code, reason_code, amount) "
                "VALUES (?, ?, ?, ?, ?, ?, 'CO', '45', ?)",
                cas_rows,
            )
        if plb_rows:
            self.con.executemany(
                "INSERT INTO remit_store.provider_adjustments (business_date, file_seq, "
                "st_position, segment_position, provider_id, reason_code, amount) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                plb_rows,
            )
        return file_name

    # ---- load log ------------------------------------------------------------------------
    def file_log(
        self,
        on: date,
        *,
        source: str,
        status: str = "loaded",
        rows_loaded: int = 0,
        rows_rejected: int = 0,
        rows_resent: int = 0,
        file_name: str | None = None,
    ) -> None:
        self.con.execute(
            "INSERT INTO recon.file_log (business_date, source, file_name, file_seq, sha256, "
            "bytes, status, rows_loaded, rows_rejected, rows_resent, reason) "
            "VALUES (?, ?, ?, 1, 'x', 1, ?, ?, ?, ?, NULL)",
            [
                on,
                source,
                file_name or f"{source}.csv",
                status,
                rows_loaded,
                rows_rejected,
                rows_resent,
            ],
        )

    # ---- run and read back ---------------------------------------------------------------
    def run(self, d: date, settings: Settings | None = None) -> Feeds:
        return reconcile_date(self.con, business_date=d, settings=settings or Settings())

    def found(self, d: date, exception_type: str) -> dict[str, Decimal]:
        """entity_key -> amount of the exceptions of one type detected as of ``d``."""
        rows = self.con.execute(
            "SELECT entity_key, amount FROM recon.exception_detections "
            "WHERE business_date = ? AND exception_type = ?",
            [d, exception_type],
        ).fetchall()
        return dict(rows)

    def run_found(self, d: date, exception_type: str) -> dict[str, Decimal]:
        self.run(d)
        return self.found(d, exception_type)

    def kpis(self, d: date) -> dict[str, float | None]:
        return dict(
            self.con.execute(
                "SELECT kpi, value FROM recon.kpi_daily WHERE business_date = ?", [d]
            ).fetchall()
        )

    def exceptions(self) -> list[tuple[Any, ...]]:
        return self.con.execute(
            "SELECT exception_type, entity_key, status, first_seen, last_seen, resolved_on, "
            "amount FROM recon.exceptions ORDER BY exception_type, entity_key"
        ).fetchall()
