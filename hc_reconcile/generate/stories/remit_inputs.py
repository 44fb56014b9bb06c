"""Bad and odd 835 input: SHA-256 duplicate files, re-sent transactions, rejected
transactions (with and without a corrected re-send) and quarantined files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hc_reconcile.generate.stories.kit import Enc, Kit, Remit
from hc_reconcile.generate.world import Fault
from hc_reconcile.generate.x12 import DELIMS_STAR, RemitFile, Txn


def _baseline_file(k: Kit, day: int) -> RemitFile | None:
    """A regular payer file of that day holding baseline transactions."""
    folder = k.w.folder(day)
    keys = sorted(key for key in k.w.remit_by_payer_day.values() if key[0] == folder
                  and any(t.origin == "baseline" for t in k.w.remit[key].txns))
    if not keys:
        return None
    return k.w.remit[keys[int(k.rng.integers(0, len(keys)))]]


def _fill_position(k: Kit, fault: Fault, txn: Txn, *, index: int = 0) -> None:
    def hook() -> None:
        _folder, name, pos = txn.placements[index]
        fault.entity_key = f"remit|{name}|{pos}"
    k.w.after_write.append(hook)


def sha_duplicate_835(k: Kit) -> None:
    d = k.day(1, k.last_day - 2)
    if d is None:
        return
    f = _baseline_file(k, d)
    if f is None:
        return
    payer = next(p for p in k.w.payers if f.name.startswith(p.code))
    name = k.w.remit_name(payer, d + 1, suffix="_resend.835")
    k.w.copies.append(((f.folder, f"remit/{f.name}"), (k.w.folder(d + 1), f"remit/{name}")))
    k.fault(fid=k.w.new_fault_id(), kind="835_redelivered_unchanged", day=d + 1,
            key=f"remit|{name}", expected="duplicate_file",
            note=f"byte copy of {f.folder}/remit/{f.name}")


def _paid(k: Kit, r: int) -> tuple[Enc, Remit]:
    enc, clp = k.paid_claim(recv=r)
    return enc, k.remit(payer=enc.payer, day=r, clps=[clp], deliver=False)


def resent_inside_other_file(k: Kit) -> None:
    d = k.day(1, k.last_day - 2)
    if d is None:
        return
    f = _baseline_file(k, d)
    if f is None:
        return
    base = [t for t in f.txns if t.origin == "baseline"]
    old = base[0]
    payer = next(p for p in k.w.payers if p.payer_id == old.payer_id)
    _, clp = k.paid_claim(recv=d + 1, payer=payer)
    rem = k.remit(payer=payer, day=d + 1, clps=[clp], deliver=False)
    k.settle(rem, post_day=d + 2, cash_day=d + 2)
    new = k.w.new_remit_file(payer, d + 1, [rem.txn, old])
    k.fault(fid=k.w.new_fault_id(), kind="835_transaction_resent_in_new_file", day=d + 1,
            key=f"remit|{new.name}", expected="resent_transaction",
            note=f"holds a new transaction and TRN02 {old.trn02} again (from {f.folder}): "
                 "1 loaded, 1 re-sent (skipped)")
    # a file whose transactions are all re-sent, one with BPR02 written differently
    folder = k.w.folder(d)
    pool = [t for key in sorted(k.w.remit_by_payer_day.values()) if key[0] == folder
            for t in k.w.remit[key].txns if t.origin == "baseline"]
    if len(pool) < 2:
        return
    a, b = pool[0], pool[-1]
    canon = f"BPR*I*{b.bpr02}*"
    if canon in b.text:
        b = Txn(text=b.text.replace(canon, f"BPR*I*0{b.bpr02}*", 1), n_segments=b.n_segments,
                payer_id=b.payer_id, trn02=b.trn02, bpr02="0" + b.bpr02, st02=b.st02)
    dup = k.w.new_remit_file(payer, d + 2, [a, b])
    k.fault(fid=k.w.new_fault_id(), kind="835_all_transactions_resent", day=d + 2,
            key=f"remit|{dup.name}", expected="duplicate_file",
            note=f"new envelope around TRN02 {a.trn02} and {b.trn02} (BPR02 written with a "
                 "leading zero, equal as a number): every transaction re-sent")


def rejected_transaction(k: Kit, *, kind: str, resend_after: int | None,
                         **txn_kw: Any) -> None:
    r = k.day(1, k.last_day - max(resend_after or 0, 1))
    if r is None:
        return
    enc, good = _paid(k, r)
    bad = k.remit(payer=enc.payer, day=r, clps=good.clps, trn02=good.txn.trn02, **txn_kw)
    fid = k.w.new_fault_id()
    fault = k.fault(fid=fid, kind=kind, day=r, key="", expected="rejected_transaction",
                    note=f"TRN02 {good.txn.trn02}"
                         + ("" if resend_after is None else
                            f"; corrected transaction re-sent on r+{resend_after} and loads"))
    _fill_position(k, fault, bad.txn)
    if resend_after is None:
        return
    k.w.add_txn(enc.payer, r + resend_after, good.txn)
    k.settle(good, post_day=r + 1, cash_day=r + 1)
    if resend_after > 4:
        k.fault(fid=fid, kind=kind, day=r + 1, key=enc.claim_id, expected="POSTING_WITHOUT_REMIT",
                first=r + 5, resolved=r + resend_after,
                note="posted on r+1 from the payer's paper copy while the 835 was rejected")
        k.fault(fid=fid, kind=kind, day=r + 1, key=good.txn.trn02, expected="UNAPPLIED_CASH",
                first=r + 4, resolved=r + resend_after,
                note="EFT booked on r+1 while its 835 was rejected")
    else:
        k.fault(fid=fid, kind=kind, day=r, key=enc.claim_id, expected="none",
                note="re-sent in time: no exception")


def _drop(tag: str) -> Callable[[list[str]], list[str]]:
    return lambda segs: [s for s in segs if not s.startswith(tag + "*")]


def _cas_before_clp(segs: list[str]) -> list[str]:
    i = next(n for n, s in enumerate(segs) if s.startswith("LX*"))
    return [*segs[: i + 1], "CAS*CO*45*10.00~", *segs[i + 1:]]


def _st01(segs: list[str]) -> list[str]:
    return [segs[0].replace("ST*835*", "ST*820*", 1), *segs[1:]]


def _plb_text(segs: list[str]) -> list[str]:
    return [*segs, "PLB*1234567893*20261231*WO:X1*$5~"]


def _clp04_text(segs: list[str]) -> list[str]:
    out = []
    for s in segs:
        if s.startswith("CLP*"):
            els = s[:-1].split("*")
            els[4] = els[4] + "5"  # e.g. 123.45 -> 123.455
            s = "*".join(els) + "~"
        out.append(s)
    return out


def _bpr16(segs: list[str]) -> list[str]:
    out = []
    for s in segs:
        if s.startswith("BPR*"):
            els = s[:-1].split("*")
            els += [""] * (17 - len(els))
            els[16] = "20261131"
            s = "*".join(els) + "~"
        out.append(s)
    return out


def quarantined_file(k: Kit, *, kind: str, note: str,
                     setup: Callable[[RemitFile], None]) -> None:
    r = k.day(1, k.last_day - 1)
    if r is None:
        return
    enc, rem = _paid(k, r)
    f = k.w.new_remit_file(enc.payer, r, [rem.txn])
    f.auto_shape = False
    f.delims = DELIMS_STAR
    f.layout = "lines"
    setup(f)
    fid = k.w.new_fault_id()
    k.fault(fid=fid, kind=kind, day=r, key=f"remit|{f.name}", expected="quarantined_file", note=note)
    if kind == "truncated_835":
        again = k.w.new_remit_file(enc.payer, r + 1, [rem.txn])
        k.settle(rem, post_day=r + 2, cash_day=r + 2)
        k.fault(fid=fid, kind=kind, day=r + 1, key=enc.claim_id, expected="none",
                note=f"complete file {again.name} re-delivered on r+1 and loads")


def _truncate(data: bytes) -> bytes:
    cut = len(data) * 2 // 3
    while data[cut - 1: cut] in (b"~", b"\n", b"\r"):
        cut -= 1
    return data[:cut]


def _non_ascii(data: bytes) -> bytes:
    return data.replace(b"NM1*QC*1*", "NM1*QC*1*MÜLLER-".encode(), 1)


def _drop_se(f: RemitFile) -> None:
    t = f.txns[0]
    body = t.text[: t.text.rindex("SE*")]
    f.interchanges[0].groups[0].txns = [Txn(body, t.n_segments - 1, t.payer_id, t.trn02, t.bpr02,
                                            t.st02)]


def inject(k: Kit) -> None:
    sha_duplicate_835(k)
    sha_duplicate_835(k)
    resent_inside_other_file(k)
    rejected_transaction(k, kind="se01_wrong_count", resend_after=2, se01_delta=1)
    rejected_transaction(k, kind="bpr02_not_money", resend_after=6, bpr02_text="$812.40")
    rejected_transaction(k, kind="se02_not_st02", resend_after=None, se02="0000")
    rejected_transaction(k, kind="bpr_missing", resend_after=None, mutate=_drop("BPR"))
    rejected_transaction(k, kind="trn_missing", resend_after=None, mutate=_drop("TRN"))
    rejected_transaction(k, kind="st01_not_835", resend_after=None, mutate=_st01)
    rejected_transaction(k, kind="cas_before_clp", resend_after=None, mutate=_cas_before_clp)
    rejected_transaction(k, kind="plb_amount_not_money", resend_after=None, mutate=_plb_text)
    rejected_transaction(k, kind="bpr16_not_a_date", resend_after=None, mutate=_bpr16)
    rejected_transaction(k, kind="clp04_three_decimals", resend_after=None, mutate=_clp04_text)
    rejected_transaction(k, kind="clp01_empty", resend_after=None,
                         mutate=lambda segs: ["CLP**" + s.split("*", 2)[2] if s.startswith("CLP*")
                                              else s for s in segs])
    variants: list[tuple[str, str, Callable[[RemitFile], None]]] = [
        ("truncated_835", "file cut mid-segment", lambda f: setattr(f, "corrupt", _truncate)),
        ("iea01_wrong", "IEA01 is not the GS count",
         lambda f: setattr(f.interchanges[0], "iea01", "2")),
        ("iea02_wrong", "IEA02 differs from ISA13",
         lambda f: setattr(f.interchanges[0], "iea02", "000000001")),
        ("ge01_wrong", "GE01 is not the ST count",
         lambda f: setattr(f.interchanges[0].groups[0], "ge01", "3")),
        ("ge02_wrong", "GE02 differs from GS06",
         lambda f: setattr(f.interchanges[0].groups[0], "ge02", "999999")),
        ("gs_without_ge", "GE segment missing",
         lambda f: setattr(f.interchanges[0].groups[0], "drop_ge", True)),
        ("st_without_se", "SE segment missing", _drop_se),
        ("isa_15_elements", "ISA lacks an element",
         lambda f: setattr(f.interchanges[0], "short_isa", True)),
        ("non_ascii_835", "UTF-8 'Ü' in a patient name", lambda f: setattr(f, "corrupt", _non_ascii)),
        ("empty_835", "0 bytes", lambda f: setattr(f, "raw", b"")),
        ("blank_835", "only whitespace", lambda f: setattr(f, "raw", b" \r\n\t\n")),
        ("not_x12", "a text message instead of an 835",
         lambda f: setattr(f, "raw", b"This file was sent to the wrong mailbox.\n")),
    ]
    for kind, note, setup in variants:
        quarantined_file(k, kind=kind, note=note, setup=setup)
