"""Bad and odd CSV input: rejected rows, quarantined files, duplicates and format
variants that must load (BOM, CRLF, quoting, column order, extra columns...).

Rejected rows carry data that is re-sent corrected the next day unless said
otherwise, so their only effect is the rejection itself.
"""

from __future__ import annotations

from collections.abc import Callable

from hc_reconcile.generate.contract import SCHEMA_BY_SOURCE
from hc_reconcile.generate.fmt import money
from hc_reconcile.generate.stories.kit import ENTITY, Kit
from hc_reconcile.generate.stories.ledger_stories import referral_row
from hc_reconcile.generate.world import Fault

IMPOSSIBLE_DATE = "2026-02-30"
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
             b"\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x19tEXtSoftware\x00\xff\xfe\xfd")


def _rejected(k: Kit, *, day: int, kind: str, note: str, fid: str | None = None) -> Fault:
    return k.fault(fid=fid or k.w.new_fault_id(), kind=kind, day=day, key="",
                   expected="rejected_row", note=note)


def bad_charge_value(k: Kit, *, kind: str, column: str, text: str, note: str) -> None:
    p = k.day(1, k.last_day - 2)
    if p is None:
        return
    enc = k.encounter(created=p, n_lines=1, write_charges=False)
    ln = enc.lines[0]
    bad = k.charge_row(enc, ln, billed=False)
    bad[column] = text
    fault = _rejected(k, day=p, kind=kind, note=note + "; corrected row re-sent the next day")
    k.w.add_row(p, "charges", bad, reject=column, fault=fault)
    k.w.add_row(p + 1, "charges", k.charge_row(enc, ln, billed=False))
    k.w.add_row(enc.submitted, "charges", k.charge_row(enc, ln, billed=True))


def bad_claim_value(k: Kit, *, kind: str, column: str, text: str, note: str) -> None:
    s = k.day(1, k.last_day - 1)
    if s is None:
        return
    enc = k.encounter(created=s - 2, claim_day=s + 1)
    bad = k.claim_row(enc)
    bad[column] = text
    fault = _rejected(k, day=s, kind=kind, note=note + "; corrected claim re-sent the next day")
    k.w.add_row(s, "claims", bad, reject=column, fault=fault)


def bad_account_value(k: Kit, *, kind: str, column: str, text: str | None, note: str) -> None:
    c = k.day(1, k.last_day - 1)
    if c is None:
        return
    enc = k.encounter(created=c, n_lines=1, write_account=False)
    bad = k.account_row(enc)
    bad[column] = text
    fault = _rejected(k, day=c, kind=kind, note=note + "; corrected account re-sent the next day")
    k.w.add_row(c, "accounts", bad, reject=column, fault=fault)
    k.w.add_row(c + 1, "accounts", k.account_row(enc))


def bad_referral_value(k: Kit, *, kind: str, column: str, text: str | None, note: str) -> None:
    a = k.day(2, k.last_day - 3)
    if a is None:
        return
    pat = k.patient()
    ref = k.nid("referral", "R", 8)
    k.w.add_row(a - 1, "referrals", referral_row(k, ref_id=ref, pat=pat, referred=a - 1,
                                                 status="New", accepted=None, version_day=a - 1))
    good = referral_row(k, ref_id=ref, pat=pat, referred=a - 1, status="Accepted", accepted=a,
                        version_day=a)
    bad = dict(good)
    bad[column] = text
    fault = _rejected(k, day=a, kind=kind,
                      note=note + "; the acceptance is re-sent correctly the next day")
    k.w.add_row(a, "referrals", bad, reject=column, fault=fault)
    k.w.add_row(a + 1, "referrals", good)
    k.encounter(created=a + 2, n_lines=1, referral_id=ref)


def bad_posting_value(k: Kit, *, kind: str, column: str, text: str, note: str) -> None:
    r = k.day(1, k.last_day - 2)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=None, cash_day=r + 1)
    fault = _rejected(k, day=r + 1, kind=kind, note=note + "; corrected posting the next day")
    pid = k.nid("posting", "PS", 9)
    k.post(day=r + 1, claim_id=enc.claim_id, cents=clp.clp04, trace=rem.txn.trn02, posting_id=pid,
           reject=column, fault=fault, amount_text=text if column == "amount" else None)
    k.post(day=r + 2, claim_id=enc.claim_id, cents=clp.clp04, trace=rem.txn.trn02, posting_id=pid,
           post_day=r + 1)


def bad_cash_value(k: Kit, *, kind: str, column: str, text: str | None, note: str) -> None:
    r = k.day(1, k.last_day - 2)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=r + 1, cash_day=None)
    fault = _rejected(k, day=r + 1, kind=kind, note=note + "; the journal is re-sent the next day")
    jid = k.cash(day=r + 1, trn02=rem.txn.trn02, cents=rem.bpr02, payer=enc.payer,
                 line_texts={1: {column: text}},
                 rejects={1: (column, fault)})
    k.cash(day=r + 2, trn02=rem.txn.trn02, cents=rem.bpr02, payer=enc.payer, journal_id=jid,
           posting_day=r + 1)


def duplicate_key_in_file(k: Kit) -> None:
    p = k.day(1, k.last_day - 2)
    if p is None:
        return
    enc = k.encounter(created=p, n_lines=1, write_charges=False)
    ln = enc.lines[0]
    first = k.charge_row(enc, ln, billed=False)
    first["amount"] = money(ln.cents + 10000)
    k.w.add_row(p, "charges", first)
    k.w.add_row(p, "charges", k.charge_row(enc, ln, billed=False))
    k.w.add_row(enc.submitted, "charges", k.charge_row(enc, ln, billed=True))
    k.fault(fid=k.w.new_fault_id(), kind="duplicate_key_in_file", day=p,
            key="charges|charges_001.csv", expected="loaded_file",
            note=f"charge {ln.charge_id} twice in one file (first 100.00 too high): both load, "
                 "the later line wins, no revenue variance")


def odd_but_valid_values(k: Kit) -> None:
    r = k.day(1, k.last_day - 2)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r, n_lines=2)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=None, cash_day=r + 1)
    k.post(day=r + 1, claim_id=enc.claim_id, cents=clp.clp04, trace=rem.txn.trn02,
           amount_text="+" + money(clp.clp04))
    k.post(day=r + 1, claim_id=enc.claim_id, cents=2500, trace=rem.txn.trn02, ptype="ADJUSTMENT",
           amount_text="25.", reason="CO-45")
    k.post(day=r + 1, claim_id=enc.claim_id, cents=50, trace=rem.txn.trn02, ptype="ADJUSTMENT",
           amount_text=".50", reason="CO-45")
    k.fault(fid=k.w.new_fault_id(), kind="odd_valid_money", day=r + 1,
            key="postings|postings_001.csv", expected="loaded_file",
            note="amounts '+123.45', '25.' and '.50' are valid money and load")


def quoted_and_ragged_rows(k: Kit) -> None:
    d = k.day(2, k.last_day - 1)
    if d is None:
        return
    fid = k.w.new_fault_id()
    jid = k.nid("journal", "JE", 8)
    name = "gl_journal_003.csv"
    for no, (account, cents) in enumerate((("6100", 123456), ("2000", -123456)), start=1):
        k.w.add_row(d, "gl_journal", {
            "journal_id": jid, "line_no": str(no), "entity_id": ENTITY, "account": account,
            "cost_center": "F01", "posting_date": k.iso(d), "amount": money(cents),
            "currency": "USD", "reference": f"ACCR-{jid}", "source": "OTHER",
            "description": 'Accrual per controller, "Q4 close"\nsecond line of the memo'},
            file_name=name)
    k.fault(fid=fid, kind="quoted_newlines_commas", day=d, key=f"gl_journal|{name}",
            expected="loaded_file", note="descriptions with commas, doubled quotes and a line break")
    # a short row (missing trailing optional field) and a row with an extra field
    enc = k.encounter(created=d - 2, write_claim=False, write_charges=False)
    row = k.claim_row(enc)
    cols = SCHEMA_BY_SOURCE["claims"].columns
    k.w.add_row(d, "claims", row, fields=[row[c] or "" for c in cols[:-1]])
    charge_cols = SCHEMA_BY_SOURCE["charges"].columns
    for i, ln in enumerate(enc.lines):
        k.w.add_row(d - 2, "charges", k.charge_row(enc, ln, billed=False))
        billed = k.charge_row(enc, ln, billed=True)
        extra = ["EXTRA"] if i == 0 else []
        k.w.add_row(d, "charges", billed, fields=[billed[c] or "" for c in charge_cols] + extra)
    k.fault(fid=fid, kind="short_and_long_rows", day=d, key="claims|claims_001.csv",
            expected="loaded_file",
            note=f"claim {enc.claim_id} row lacks its trailing status field; a charge row has "
                 "one field more than the header")
    pat = k.patient()
    ref = k.nid("referral", "R", 8)
    k.w.add_row(d, "referrals", referral_row(k, ref_id=ref, pat=pat, referred=d, status="New",
                                             accepted=None, version_day=d,
                                             first='Jean "JJ"', last="Smith, Jr."))


def file_variants(k: Kit) -> None:
    """Format variants on regular daily files: they must load like any other."""
    w = k.w
    variants: list[tuple[str, str, Callable[[object], None], str]] = [
        ("charges", "utf8_bom", lambda o: setattr(o, "bom", True), "leading UTF-8 BOM"),
        ("gl_journal", "crlf_line_endings", lambda o: setattr(o, "crlf", True), "CRLF line ends"),
        ("accounts", "extra_columns",
         lambda o: setattr(o, "extra", {"source_system": "EPIC", "batch_id": "B-7781"}),
         "two extra columns at the end"),
        ("postings", "columns_reordered",
         lambda o: setattr(o, "order", tuple(reversed(SCHEMA_BY_SOURCE["postings"].columns))),
         "columns in reverse order"),
        ("claims", "header_whitespace", lambda o: setattr(o, "header_pad", True),
         "header names padded with spaces and tabs"),
        ("referrals", "trailing_empty_row", lambda o: setattr(o, "trailing_empty_row", True),
         "an all-empty row (only commas) at the end"),
    ]
    if k.last_day < len(variants):
        return
    days = k.rng.choice(range(1, k.last_day + 1), size=len(variants), replace=False)
    for (source, kind, apply, note), d in zip(variants, days, strict=True):
        opts = w.file_opts(int(d), source)
        apply(opts)
        name = SCHEMA_BY_SOURCE[source].base_name()
        k.fault(fid=w.new_fault_id(), kind=kind, day=int(d), key=f"{source}|{name}",
                expected="loaded_file", note=note)


def quarantined_and_duplicate_files(k: Kit) -> None:
    w = k.w
    # missing required column: postings of a story remit, corrected file the next day
    d = k.day(2, k.last_day - 1)
    if d is not None:
        enc, clp = k.paid_claim(recv=d - 1)
        rem = k.remit(payer=enc.payer, day=d - 1, clps=[clp])
        k.settle(rem, post_day=None, cash_day=d)
        name = "postings_002.csv"
        w.file_opts(d, "postings", name).drop = ("post_date",)
        pid = k.nid("posting", "PS", 9)
        k.post(day=d, claim_id=enc.claim_id, cents=clp.clp04, trace=rem.txn.trn02, posting_id=pid,
               file_name=name)
        k.post(day=d + 1, claim_id=enc.claim_id, cents=clp.clp04, trace=rem.txn.trn02,
               posting_id=pid, post_day=d, file_name=name)
        k.fault(fid=w.new_fault_id(), kind="missing_required_column", day=d,
                key=f"postings|{name}", expected="quarantined_file",
                note="header lacks post_date; the complete file is re-sent the next day")
    # non-UTF-8 referrals, re-sent as UTF-8 the next day
    d = k.day(1, k.last_day - 1)
    if d is not None:
        name = "referrals_002.csv"
        w.file_opts(d, "referrals", name).encoding = "latin-1"
        for first, last in (("José", "Müller"), ("Zoë", "Lefèvre")):
            pat = k.patient(first=first, last=last)
            ref = k.nid("referral", "R", 8)
            for day in (d, d + 1):
                w.add_row(day, "referrals", referral_row(
                    k, ref_id=ref, pat=pat, referred=d, status="New", accepted=None,
                    version_day=d, first=first, last=last), file_name=name)
        k.fault(fid=w.new_fault_id(), kind="non_utf8_file", day=d, key=f"referrals|{name}",
                expected="quarantined_file", note="Latin-1 encoded; re-sent as UTF-8 the next day")
    d = k.day(1, k.last_day)
    if d is not None:
        w.raw[(w.folder(d), "billing/charges_900.csv")] = PNG_BYTES
        k.fault(fid=w.new_fault_id(), kind="binary_file_named_csv", day=d,
                key="charges|charges_900.csv", expected="quarantined_file",
                note="a PNG image saved as .csv")
    d = k.day(1, k.last_day)
    if d is not None:
        w.raw[(w.folder(d), "erp/gl_journal_002.csv")] = b""
        k.fault(fid=w.new_fault_id(), kind="empty_file", day=d, key="gl_journal|gl_journal_002.csv",
                expected="quarantined_file", note="0 bytes: no header")
    d = k.day(1, k.last_day)
    if d is not None:
        w.touch_file(d, "claims", "claims_005.csv")
        k.fault(fid=w.new_fault_id(), kind="header_only_file", day=d,
                key="claims|claims_005.csv", expected="loaded_file", note="header, no rows")
    d = k.day(1, k.last_day)
    if d is not None:
        w.raw[(w.folder(d), "erp/README.txt")] = b"ERP export notes: not a journal file.\n"
        k.fault(fid=w.new_fault_id(), kind="unrelated_file", day=d, key="erp/README.txt",
                expected="ignored_file", note="matches no source pattern: ignored, not logged")
    d = k.day(1, k.last_day - 3)
    if d is not None and w.has_base_rows("claims", d) and w.has_base_rows("gl_journal", d):
        w.copies.append(((w.folder(d), "billing/claims_001.csv"),
                         (w.folder(d + 2), "billing/claims_009.csv")))
        k.fault(fid=w.new_fault_id(), kind="csv_redelivered_unchanged", day=d + 2,
                key="claims|claims_009.csv", expected="duplicate_file",
                note=f"byte copy of {k.iso(d)}/billing/claims_001.csv")
        w.copies.append(((w.folder(d), "erp/gl_journal_001.csv"),
                         (w.folder(d + 3), "erp/gl_journal_000.csv")))
        k.fault(fid=w.new_fault_id(), kind="csv_redelivered_unchanged", day=d + 3,
                key="gl_journal|gl_journal_000.csv", expected="duplicate_file",
                note=f"byte copy of {k.iso(d)}/erp/gl_journal_001.csv")


def invalid_folders(k: Kit) -> None:
    """Folders whose names are not real dates: skipped, never logged.

    ``0000-00-00`` has the shape of a date but is none; it sorts before every
    business date (tools that take the max folder name starting with "20" are
    not confused).
    """
    w = k.w
    for folder in ("0000-00-00", "notadate"):
        w.invalid_folders.append(folder)
        ghost = k.nid("claim", "CL", 8)
        w.add_row(folder, "postings", {
            "posting_id": k.nid("posting", "PS", 9), "claim_id": ghost, "posting_type": "PAYMENT",
            "amount": "999.99", "post_date": k.iso(0), "trace_number": None, "group_reason": None})
        k.fault(fid=w.new_fault_id(), kind="invalid_date_folder", day=-1, key=folder,
                expected="skipped_folder",
                note=f"folder name is not a real date; its posting for {ghost} must not load")


def inject(k: Kit) -> None:
    bad_charge_value(k, kind="three_decimal_money", column="amount", text="12.345",
                     note="amount with three decimals")
    bad_charge_value(k, kind="non_numeric_money", column="amount", text="$45.00",
                     note="amount with a currency sign")
    bad_charge_value(k, kind="impossible_date", column="service_date", text=IMPOSSIBLE_DATE,
                     note="service_date is not a real date")
    bad_charge_value(k, kind="fractional_units", column="units", text="1.5",
                     note="units with decimals")
    bad_claim_value(k, kind="non_numeric_money", column="total_charge", text="1,234.00",
                    note="total_charge with a thousands separator")
    bad_claim_value(k, kind="non_iso_date", column="submitted_date", text="20261105",
                    note="submitted_date written CCYYMMDD")
    bad_account_value(k, kind="impossible_date", column="created_date", text="2026-13-01",
                      note="month 13")
    bad_account_value(k, kind="empty_required_field", column="facility_id", text=None,
                      note="facility_id empty")
    bad_referral_value(k, kind="unknown_enum_value", column="status", text="ACCEPTED",
                       note="status in upper case")
    bad_referral_value(k, kind="impossible_date", column="accepted_date", text="2026-04-31",
                       note="accepted_date April 31")
    bad_referral_value(k, kind="bad_timestamp", column="last_modified", text="11/05/2026 10:22",
                       note="last_modified not ISO")
    bad_referral_value(k, kind="empty_required_field", column="first_name", text=None,
                       note="first_name empty")
    bad_posting_value(k, kind="non_numeric_money", column="amount", text="1e3",
                      note="amount in exponent notation")
    bad_posting_value(k, kind="money_with_space", column="amount", text=" 12.50",
                      note="values are not trimmed: ' 12.50' is not money")
    bad_cash_value(k, kind="unknown_enum_value", column="source", text="EFT",
                   note="GL source 'EFT' is not an enum value")
    bad_cash_value(k, kind="empty_required_field", column="posting_date", text=None,
                   note="posting_date empty")
    bad_cash_value(k, kind="non_numeric_money", column="amount", text="12.5O",
                   note="letter O instead of zero")
    duplicate_key_in_file(k)
    odd_but_valid_values(k)
    quoted_and_ragged_rows(k)
    file_variants(k)
    quarantined_and_duplicate_files(k)
    invalid_folders(k)
