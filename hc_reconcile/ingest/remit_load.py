"""Load 835 files into ``remit.transactions`` and ``remit_store.*`` (CONTRACT §1 "835 files", §2 remit relations).

Parsing and structure validation live in ``hc_reconcile.x12``; this module decides what
loads: rejected transactions go to ``recon.rejected_rows``; a valid transaction whose
(payer id, TRN02, BPR02 as a number) equals one already loaded — from an earlier file, or
earlier in this file — is re-sent and skipped; the rest loads with its correlation ids.

Parsing (``parse_835``) needs no warehouse and runs in a worker process
(``hc_reconcile.ingest.prepare``); ``RemitBatch`` decides each parsed file against what is
loaded and writes a date's files with one INSERT per table. CLP/SVC/CAS/PLB rows go to
``remit_store.*`` with the position of their transaction's ST; the ``remit.*`` views add
the transaction's correlation ids (``warehouse.ddl.remit_view_sql``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hc_reconcile.ingest.outcome import FileOutcome
from hc_reconcile.x12 import Parsed835, parse_835

CORRELATION = ("isa13", "gs06", "st02", "trn02")
RESEND_KEY = ("payer_id", "trn02", "payment_amount")

#: remit_store table → its columns after (business_date, file_seq), from the parsed frame.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": (
        "st_position",
        "segment_position",
        "claim_id",
        "status_code",
        "charge_amount",
        "paid_amount",
        "patient_responsibility",
        "claim_filing_indicator",
        "payer_claim_control_number",
    ),
    "services": (
        "st_position",
        "segment_position",
        "claim_id",
        "procedure",
        "procedure_code",
        "charge_amount",
        "paid_amount",
        "units",
    ),
    "adjustments": (
        "st_position",
        "segment_position",
        "claim_id",
        "service_segment_position",  # (``level`` is not stored: the view derives it)
        "group_code",
        "reason_code",
        "amount",
        "quantity",
    ),
    "provider_adjustments": (
        "st_position",
        "segment_position",
        "provider_id",
        "fiscal_period_date",
        "reason_code",
        "reference",
        "amount",
    ),
}
#: remit.transactions columns taken from the parsed frame as they are.
TRANSACTION_ELEMENTS = ("payer_id", "payee_id", "trn03", "payment_method", "payment_amount", "payment_date")
TRANSACTION_COLUMNS = ("file_name", "file_seq", *CORRELATION, "segment_position", *TRANSACTION_ELEMENTS)


ResendKey = tuple[str | None, str | None, Decimal | None]


def _already_loaded(con: duckdb.DuckDBPyConnection, business_date: date) -> set[ResendKey]:
    """The re-send keys of every transaction loaded on or before ``business_date``."""
    rows = con.execute(
        "SELECT DISTINCT payer_id, trn02, payment_amount FROM remit.transactions WHERE business_date <= ?",
        [business_date],
    ).fetchall()
    return {(payer, trn02, amount) for payer, trn02, amount in rows}


class RemitBatch:
    """The 835 files of one business date, written together.

    Each file is decided in processing order as it is added (rejected transactions, re-sends
    against everything loaded before — earlier dates and earlier files of this date); the
    rows of every added file are written by ``flush`` with one INSERT per table. Rows stay
    the parser's Arrow tables from the worker process to DuckDB (no conversion).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, *, business_date: date) -> None:
        self._con = con
        self._date = business_date
        self._seen = _already_loaded(con, business_date)
        # file_seq -> (rejected rows if any, table -> rows to write)
        self._kept: dict[int, tuple[pa.Table | None, dict[str, pa.Table]]] = {}

    def add(self, parsed: Parsed835, *, file_name: str, file_seq: int) -> FileOutcome:
        """Decide one parsed file; what loads is written by the next ``flush``."""
        if parsed.quarantine_reason is not None:
            return FileOutcome(status="quarantined", reason=parsed.quarantine_reason)
        txns = parsed.arrow("transactions")
        # Re-sends, in file order (transactions are): a key loaded before — an earlier date,
        # an earlier file, earlier in this file — is skipped. A few transactions a file: a
        # set of Python tuples (None equals None, Decimal compares as a number).
        new: set[ResendKey] = set()  # joins self._seen only once the file is decided
        kept = []
        columns = [txns.column(name).to_pylist() for name in ("st_position", *RESEND_KEY)]
        for position, *key in zip(*columns, strict=True):
            resend_key: ResendKey = tuple(key)  # type: ignore[assignment]
            if resend_key not in self._seen and resend_key not in new:
                new.add(resend_key)
                kept.append(position)
        resent = txns.num_rows - len(kept)
        rejected = parsed.arrow("rejected")
        if not kept and rejected.num_rows == 0 and resent > 0:
            return FileOutcome(
                status="duplicate",
                rows_resent=resent,
                reason=f"all {resent} transaction(s) re-sent: payer id, TRN02 and BPR02 already loaded",
            )
        # A re-sent transaction's rows drop out with it. The rows are kept as parsed: file_seq
        # is added by ``flush``.
        only_kept = pa.array(kept, pa.int64())

        def keep(table: pa.Table) -> pa.Table:
            if not resent:
                return table
            return table.filter(pc.is_in(table.column("st_position"), value_set=only_kept))

        rows = {"transactions": _transaction_rows(keep(txns), file_name=file_name, file_seq=file_seq)}
        rows |= {
            table: keep(frame)
            for table in TABLE_COLUMNS
            if (frame := parsed.arrow(table)).num_rows
        }
        failed = None
        if rejected.num_rows:
            failed = pa.table(
                {
                    "file_name": pa.array([file_name] * rejected.num_rows, pa.large_string()),
                    "line_no": rejected.column("st_position"),
                    "reason": rejected.column("reason"),
                    "raw": rejected.column("raw"),
                }
            )
        self._seen |= new
        self._kept[file_seq] = (failed, rows)
        return FileOutcome(
            status="loaded", rows_loaded=len(kept), rows_rejected=rejected.num_rows, rows_resent=resent
        )

    def forget(self, file_seq: int) -> None:
        """Drop what ``add`` kept of a file (its load failed and it is quarantined instead)."""
        self._kept.pop(file_seq, None)

    def flush(self) -> None:
        """Write every added file's rows (one INSERT per table), then start empty."""
        kept, self._kept = self._kept, {}
        con = self._con
        rejected = [failed for failed, _ in kept.values() if failed is not None]
        if rejected:
            con.register("__rejected", pa.concat_tables(rejected))
            con.execute(
                'INSERT INTO recon.rejected_rows (business_date, source, file_name, line_no, "column", reason, raw) '
                "SELECT ?, 'remit', file_name, line_no, NULL, reason, raw FROM __rejected",
                [self._date],
            )
            con.unregister("__rejected")
        for table, columns in {"transactions": TRANSACTION_COLUMNS, **TABLE_COLUMNS}.items():
            parts = [(seq, rows[table]) for seq, (_, rows) in kept.items() if table in rows]
            if not parts:
                continue
            if table == "transactions":
                target, names = "remit.transactions", list(columns)
                data = pa.concat_tables([part for _, part in parts])
            else:
                # Arrow tables chunked per file (no copy) with the file's file_seq added.
                target, names = f"remit_store.{table}", ["file_seq", *columns]
                data = pa.concat_tables(
                    part.append_column(
                        "file_seq", pa.array(np.full(part.num_rows, seq, dtype=np.int32))
                    )
                    for seq, part in parts
                )
            con.register("__rows", data)
            con.execute(
                f"INSERT INTO {target} (business_date, {', '.join(names)}) "
                f"SELECT ?, {', '.join(names)} FROM __rows",
                [self._date],
            )
            con.unregister("__rows")


def _transaction_rows(txns: pa.Table, *, file_name: str, file_seq: int) -> pa.Table:
    """The ``remit.transactions`` columns of a file's kept transactions."""
    count = txns.num_rows
    return pa.table(
        {
            "file_name": pa.array([file_name] * count, pa.large_string()),
            "file_seq": pa.array(np.full(count, file_seq, dtype=np.int32)),
            **{name: txns.column(name) for name in CORRELATION},
            "segment_position": txns.column("st_position"),
            **{name: txns.column(name) for name in TRANSACTION_ELEMENTS},
        }
    )


def load_remit(
    con: duckdb.DuckDBPyConnection,
    *,
    business_date: date,
    file_name: str,
    file_seq: int,
    data: bytes,
) -> FileOutcome:
    """Parse and write one 835 file (a batch of one)."""
    batch = RemitBatch(con, business_date=business_date)
    outcome = batch.add(parse_835(data), file_name=file_name, file_seq=file_seq)
    batch.flush()
    return outcome
