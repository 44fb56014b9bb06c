"""Stories around remittances, postings and cash: REMIT_*, POSTED_*, POSTING_*,
DUPLICATE_PAYMENT, EFT_*, UNAPPLIED_CASH and REMIT_UNBALANCED.

Day arithmetic: a story picks the day ``r`` an 835 is received; its encounter
was billed at r-4.  Windows (first_seen / resolved_on) follow the contract's
strict thresholds: e.g. REMIT_NOT_POSTED (> 3 days) is first seen on r+4.
"""

from __future__ import annotations

from hc_reconcile.generate.stories.kit import Kit
from hc_reconcile.generate.stories.ledger_stories import referral_row
from hc_reconcile.generate.x12 import ClpSpec


def claim_not_found_unknown(k: Kit) -> None:
    r = k.day(1, k.last_day)
    if r is None:
        return
    payer = k.payer()
    ghost = k.encounter(created=r - 6, payer=payer, bill=False, in_gl=False, write_account=False,
                        write_charges=False)
    rem = k.remit(payer=payer, day=r, clps=[k.clp(ghost)])
    k.settle(rem, post_day=None, cash_day=r + 1)
    k.fault(fid=k.w.new_fault_id(), kind="remit_for_unknown_claim", day=r, key=ghost.claim_id,
            expected="REMIT_CLAIM_NOT_FOUND", first=r,
            note="835 pays a CLP01 that billing never sent as a claim; not posted")


def claim_not_found_late_claim_row(k: Kit) -> None:
    r = k.day(1, k.last_day - 2)
    if r is None:
        return
    enc = k.encounter(created=r - 6, claim_day=r + 2)
    rem = k.remit(payer=enc.payer, day=r, clps=[k.clp(enc)])
    k.settle(rem, post_day=r + 1, cash_day=r + 1)
    k.fault(fid=k.w.new_fault_id(), kind="claim_row_arrives_after_remit", day=r, key=enc.claim_id,
            expected="REMIT_CLAIM_NOT_FOUND", first=r, resolved=r + 2,
            note="claims row lands 2 days after its 835 (charges already carried the claim_id, "
                 "which does not count)")


def claim_not_found_typo(k: Kit) -> None:
    r = k.day(1, k.last_day - 5)
    if r is None:
        return
    enc = k.encounter(created=r - 6)
    typo = "CL" + enc.claim_id[3:]  # one leading zero dropped
    rem = k.remit(payer=enc.payer, day=r, clps=[k.clp(enc, clp01=typo)])
    k.settle(rem, post_day=None, cash_day=r + 1)
    k.post(day=r + 1, claim_id=enc.claim_id, cents=rem.clps[0].clp04, trace=rem.txn.trn02)
    fid = k.w.new_fault_id()
    k.fault(fid=fid, kind="clp01_typo", day=r, key=typo, expected="REMIT_CLAIM_NOT_FOUND", first=r,
            note=f"payer keyed CLP01 {typo} for claim {enc.claim_id}")
    k.fault(fid=fid, kind="clp01_typo", day=r + 1, key=enc.claim_id,
            expected="POSTING_WITHOUT_REMIT", first=r + 5,
            note="billing posted the payment to the real claim, which has no CLP")


def not_posted(k: Kit, *, late_by: int | None) -> None:
    """Payment never posted (late_by None) or posted late_by days after the 835."""
    top = k.last_day - (4 if late_by is None else late_by)
    r = k.day(1, top)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=None if late_by is None else r + late_by, cash_day=r + 1)
    kind = "posting_never_sent" if late_by is None else f"posting_late_{late_by}d"
    k.fault(fid=k.w.new_fault_id(), kind=kind, day=r, key=enc.claim_id, expected="REMIT_NOT_POSTED",
            first=r + 4, resolved=None if late_by is None else r + late_by,
            note="received on r: not detected on r+3, detected on r+4"
                 + ("" if late_by is None else f"; the posting lands on r+{late_by}"))


def not_posted_rejected_posting(k: Kit) -> None:
    r = k.day(1, k.last_day - 4)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=None, cash_day=r + 1)
    fid = k.w.new_fault_id()
    bad = k.fault(fid=fid, kind="unknown_enum_value", day=r + 1, key="", expected="rejected_row",
                  note="posting_type 'payment' (enums are case-sensitive); never corrected")
    k.post(day=r + 1, claim_id=enc.claim_id, cents=clp.clp04, trace=rem.txn.trn02,
           type_text="payment", reject="posting_type", fault=bad)
    k.fault(fid=fid, kind="unknown_enum_value", day=r, key=enc.claim_id, expected="REMIT_NOT_POSTED",
            first=r + 4, note="its only posting was rejected")


def denial_not_posted_trap(k: Kit) -> None:
    r = k.day(1, k.last_day)
    if r is None:
        return
    enc = k.encounter(created=r - 6)
    k.remit(payer=enc.payer, day=r, clps=[k.clp(enc, denied=True)])
    k.fault(fid=k.w.new_fault_id(), kind="zero_pay_denial_unposted", day=r, key=enc.claim_id,
            expected="none", note="CLP02=4 with CLP04=0 and no posting: net paid is 0")


def denial_then_appeal_trap(k: Kit) -> None:
    r = k.day(1, k.last_day - 10)
    if r is None:
        return
    enc = k.encounter(created=r - 6)
    k.remit(payer=enc.payer, day=r, clps=[k.clp(enc, denied=True)])
    paid = k.clp(enc)
    rem = k.remit(payer=enc.payer, day=r + 6, clps=[paid])
    k.settle(rem, post_day=r + 8, cash_day=r + 7)
    k.fault(fid=k.w.new_fault_id(), kind="denial_then_paid_on_appeal", day=r, key=enc.claim_id,
            expected="none",
            note="denied on r (zero pay does not start the clock), paid on r+6, posted on r+8")


def amount_mismatch_typo(k: Kit) -> None:
    r = k.day(1, k.last_day - 4)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=None, cash_day=r + 1)
    cents = clp.clp04
    swapped = cents - cents % 100 + (cents % 10) * 10 + (cents % 100) // 10
    if swapped == cents:
        swapped += 9
    k.post(day=r + 1, claim_id=enc.claim_id, cents=swapped, trace=rem.txn.trn02)
    k.fault(fid=k.w.new_fault_id(), kind="posting_amount_typo", day=r + 1, key=enc.claim_id,
            expected="POSTED_AMOUNT_MISMATCH", first=r + 4, note="cents digits transposed")


def amount_mismatch_reversal_unposted(k: Kit) -> None:
    r = k.day(1, k.last_day - 9)
    if r is None:
        return
    enc, first = k.paid_claim(recv=r)
    rem = k.remit(payer=enc.payer, day=r, clps=[first])
    k.settle(rem, post_day=r + 1, cash_day=r + 1)
    repay = k.clp(enc, ratio=0.9)
    r2 = r + 5
    rem2 = k.remit(payer=enc.payer, day=r2, clps=[Kit.reversal(first), repay])
    k.settle(rem2, post_day=None, cash_day=r2 + 1)
    k.post(day=r2 + 1, claim_id=enc.claim_id, cents=repay.clp04, trace=rem2.txn.trn02)
    k.fault(fid=k.w.new_fault_id(), kind="reversal_not_posted", day=r2, key=enc.claim_id,
            expected="POSTED_AMOUNT_MISMATCH", first=r2 + 4,
            note="CLP02=22 reversal and re-payment on r2; only the re-payment was posted")


def amount_mismatch_corrected(k: Kit) -> None:
    r = k.day(1, k.last_day - 6)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=None, cash_day=r + 1)
    pid = k.post(day=r + 1, claim_id=enc.claim_id, cents=clp.clp04 + 5000, trace=rem.txn.trn02)
    k.post(day=r + 6, claim_id=enc.claim_id, cents=clp.clp04, trace=rem.txn.trn02,
           posting_id=pid, post_day=r + 1)
    k.fault(fid=k.w.new_fault_id(), kind="posting_corrected_later", day=r + 1, key=enc.claim_id,
            expected="POSTED_AMOUNT_MISMATCH", first=r + 4, resolved=r + 6,
            note="posted 50.00 too much; the same posting_id is re-sent corrected on r+6")


def posting_without_remit_paper(k: Kit) -> None:
    p = k.day(1, k.last_day - 4)
    if p is None:
        return
    enc = k.encounter(created=p - 5)
    k.post(day=p, claim_id=enc.claim_id, cents=round(enc.total * 0.7), trace=None)
    k.fault(fid=k.w.new_fault_id(), kind="paper_eob_posted", day=p, key=enc.claim_id,
            expected="POSTING_WITHOUT_REMIT", first=p + 4,
            note="payment posted from a paper EOB; no 835 ever arrives")


def adjustment_only_trap(k: Kit) -> None:
    p = k.day(1, k.last_day)
    if p is None:
        return
    enc = k.encounter(created=p - 5)
    k.post(day=p, claim_id=enc.claim_id, cents=1500, trace=None, ptype="ADJUSTMENT",
           reason="CO-253")
    k.fault(fid=k.w.new_fault_id(), kind="adjustment_without_remit", day=p, key=enc.claim_id,
            expected="none", note="only an ADJUSTMENT posting: POSTING_WITHOUT_REMIT needs PAYMENT")


def duplicate_payment(k: Kit, *, reversed_after: int | None) -> None:
    top = k.last_day - (3 if reversed_after is None else reversed_after)
    r = k.day(1, top)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r)
    payer = enc.payer
    for day in (r, r + 3):
        c = k.clp(enc)
        rem = k.remit(payer=payer, day=day, clps=[c])
        k.settle(rem, post_day=day + 1, cash_day=day + 1)
    resolved = None
    if reversed_after is not None:
        rd = r + reversed_after
        _other, oclp = k.paid_claim(recv=rd, payer=payer, n_lines=3)
        rem = k.remit(payer=payer, day=rd, clps=[Kit.reversal(clp), oclp])
        k.settle(rem, post_day=rd + 1, cash_day=rd + 1)
        resolved = rd
    k.fault(fid=k.w.new_fault_id(),
            kind="duplicate_payment" if reversed_after is None else "duplicate_payment_recouped",
            day=r + 3, key=enc.claim_id, expected="DUPLICATE_PAYMENT", first=r + 3,
            resolved=resolved,
            note="same payer pays the claim twice (CLP02=1) under two TRN02s, both posted"
                 + ("" if reversed_after is None else
                    f"; the payer reverses one (CLP02=22) on r+{reversed_after}"))


def secondary_clp(k: Kit, enc_total: int, pr: int, paid: int, primary: ClpSpec) -> ClpSpec:
    return ClpSpec(clp01=primary.clp01, clp02="2", clp03=enc_total, clp04=paid,
                   cas=[("OA", "23", enc_total - pr), ("PR", "2", pr - paid)], last=primary.last,
                   first=primary.first, member=primary.member, from_date=primary.from_date,
                   to_date=primary.to_date, filing="CI", bill_type=primary.bill_type,
                   pcn=f"28{k.w.take('pcn') + 1:011d}", clp05=pr - paid)


def duplicate_secondary_payment(k: Kit) -> None:
    r = k.day(1, k.last_day - 5)
    if r is None:
        return
    primary_payer = k.payer("medicare")
    secondary = k.payer("summit") if len(k.w.payers) > 5 else k.payer("meridian")
    enc = k.encounter(created=r - 6, payer=primary_payer)
    pr = round(enc.total * 0.8 * 0.2)
    pri = k.clp(enc, pr=pr)
    rem = k.remit(payer=primary_payer, day=r, clps=[pri])
    k.settle(rem, post_day=r + 1, cash_day=r + 1)
    for day in (r + 3, r + 5):
        sec = secondary_clp(k, enc.total, pr, round(pr * 0.8), pri)
        rem = k.remit(payer=secondary, day=day, clps=[sec])
        k.settle(rem, post_day=day + 1, cash_day=day + 1)
    k.fault(fid=k.w.new_fault_id(), kind="duplicate_secondary_payment", day=r + 5, key=enc.claim_id,
            expected="DUPLICATE_PAYMENT", first=r + 5,
            note="secondary payer pays its share twice (CLP02=2)")


def duplicate_payment_traps(k: Kit) -> None:
    r = k.day(1, k.last_day - 2)
    if r is None:
        return
    enc, _ = k.paid_claim(recv=r)
    for day, code in ((r, "19"), (r + 2, "1")):
        rem = k.remit(payer=enc.payer, day=day, clps=[k.clp(enc, clp02=code)])
        k.settle(rem, post_day=day + 1, cash_day=day + 1)
    k.fault(fid=k.w.new_fault_id(), kind="clp02_19_then_1", day=r + 2, key=enc.claim_id,
            expected="none", note="CLP02 19 then 1 from one payer: 19 never counts")
    enc2, _ = k.paid_claim(recv=r)
    other = next(p for p in k.w.payers if p.code != enc2.payer.code)
    for day, payer in ((r, enc2.payer), (r + 2, other)):
        rem = k.remit(payer=payer, day=day, clps=[k.clp(enc2)])
        k.settle(rem, post_day=day + 1, cash_day=day + 1)
    k.fault(fid=k.w.new_fault_id(), kind="two_payers_primary", day=r + 2, key=enc2.claim_id,
            expected="none", note="two different payers each pay CLP02=1: not one payer")


def eft_not_in_gl(k: Kit, *, cash_after: int | None, posting_date_after: int | None = None) -> None:
    span = max(3, cash_after or 0, posting_date_after or 0)
    r = k.day(1, k.last_day - span)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=r + 1, cash_day=None)
    resolved = None
    kind = "eft_never_booked"
    note = "EFT never booked to cash; not detected on r+2, detected on r+3"
    if posting_date_after is not None:
        k.cash(day=r + 1, trn02=rem.txn.trn02, cents=rem.bpr02, posting_day=r + posting_date_after,
               payer=enc.payer)
        resolved = r + posting_date_after
        kind = "cash_line_future_posting_date"
        note = (f"cash line delivered on r+1 with posting_date r+{posting_date_after}: "
                "not a cash line until then")
    elif cash_after is not None:
        k.cash(day=r + cash_after, trn02=rem.txn.trn02, cents=rem.bpr02, payer=enc.payer)
        resolved = r + cash_after
        kind = "eft_booked_late"
        note = f"EFT booked on r+{cash_after}"
    k.fault(fid=k.w.new_fault_id(), kind=kind, day=r, key=rem.txn.trn02, expected="EFT_NOT_IN_GL",
            first=r + 3, resolved=resolved, note=note)


def eft_post_dated_trap(k: Kit) -> None:
    r = k.day(1, k.last_day - 5)
    if r is None:
        return
    payer = next(p for p in k.w.payers if p.version != "00401")  # 4010 payer sends no BPR16
    enc, clp = k.paid_claim(recv=r, payer=payer)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp], bpr16_day=r + 2)
    k.settle(rem, post_day=r + 1, cash_day=r + 4)
    k.fault(fid=k.w.new_fault_id(), kind="eft_effective_date_after_receipt", day=r,
            key=rem.txn.trn02, expected="none",
            note="BPR16 = r+2 starts the clock; cash on r+4 is in time")


def eft_amount_mismatch(k: Kit, *, variant: str) -> None:
    r = k.day(1, k.last_day - 3)
    if r is None:
        return
    enc, clp = k.paid_claim(recv=r, n_lines=3)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=r + 1, cash_day=None)
    trn, bpr = rem.txn.trn02, rem.bpr02
    fid = k.w.new_fault_id()
    if variant == "bank_fee":
        k.cash(day=r + 1, trn02=trn, cents=bpr - 1500, payer=enc.payer)
        k.fault(fid=fid, kind="eft_net_of_bank_fee", day=r + 1, key=trn,
                expected="EFT_AMOUNT_MISMATCH", first=r + 1, note="cash booked 15.00 short")
    elif variant == "staggered_split":
        part = bpr // 3
        k.cash(day=r + 1, trn02=trn, cents=part, payer=enc.payer)
        k.cash(day=r + 2, trn02=trn, cents=bpr - part, payer=enc.payer)
        k.fault(fid=fid, kind="split_eft_across_days", day=r + 1, key=trn,
                expected="EFT_AMOUNT_MISMATCH", first=r + 1, resolved=r + 2,
                note="one TRN02 paid by two cash lines booked a day apart")
    elif variant == "corrected":
        jid = k.cash(day=r + 1, trn02=trn, cents=bpr + 10000, payer=enc.payer)
        k.cash(day=r + 3, trn02=trn, cents=bpr, posting_day=r + 1, journal_id=jid, payer=enc.payer)
        k.fault(fid=fid, kind="cash_line_corrected", day=r + 1, key=trn,
                expected="EFT_AMOUNT_MISMATCH", first=r + 1, resolved=r + 3,
                note="cash booked 100.00 high; the journal is re-sent corrected on r+3")
    else:  # same-day split: no exception
        part = bpr // 2
        k.cash(day=r + 1, trn02=trn, cents=bpr, parts=[part, bpr - part], payer=enc.payer)
        k.fault(fid=fid, kind="split_eft_same_day", day=r + 1, key=trn, expected="none",
                note="one TRN02 paid by two cash lines of one journal")


def unapplied_cash(k: Kit, *, variant: str) -> None:
    x = k.day(1, k.last_day - 5)
    if x is None:
        return
    fid = k.w.new_fault_id()
    if variant == "never":
        trn = k.w.next_trn02()
        k.cash(day=x, trn02=trn, cents=int(k.rng.integers(20000, 300000)))
        k.cash(day=x + 4, trn02=trn, cents=int(k.rng.integers(20000, 300000)))
        k.fault(fid=fid, kind="eft_without_835", day=x, key=trn, expected="UNAPPLIED_CASH",
                first=x + 3, note="payer EFTs under one reference on x and x+4, no 835 ever: "
                                  "the amount grows on x+4")
    elif variant == "late_835":
        enc, clp = k.paid_claim(recv=x + 5)
        rem = k.remit(payer=enc.payer, day=x + 5, clps=[clp])
        k.settle(rem, post_day=x + 6, cash_day=None)
        k.cash(day=x, trn02=rem.txn.trn02, cents=rem.bpr02, payer=enc.payer)
        k.fault(fid=fid, kind="835_arrives_after_cash", day=x, key=rem.txn.trn02,
                expected="UNAPPLIED_CASH", first=x + 3, resolved=x + 5,
                note="cash booked on x, the 835 arrives on x+5")
    else:  # reference typo
        enc, clp = k.paid_claim(recv=x)
        rem = k.remit(payer=enc.payer, day=x, clps=[clp])
        k.settle(rem, post_day=x + 1, cash_day=None)
        typo = rem.txn.trn02[:-1]
        k.cash(day=x + 1, trn02=typo, cents=rem.bpr02, payer=enc.payer)
        k.fault(fid=fid, kind="cash_reference_typo", day=x + 1, key=typo,
                expected="UNAPPLIED_CASH", first=x + 4,
                note=f"cash reference {typo} misses the last digit of {rem.txn.trn02}")
        k.fault(fid=fid, kind="cash_reference_typo", day=x, key=rem.txn.trn02,
                expected="EFT_NOT_IN_GL", first=x + 3, note="the real TRN02 finds no cash line")


def remit_unbalanced(k: Kit, *, variant: str) -> None:
    r = k.day(1, k.last_day)
    if r is None:
        return
    fid = k.w.new_fault_id()
    enc, clp = k.paid_claim(recv=r)
    if variant == "transaction":
        rem = k.remit(payer=enc.payer, day=r, clps=[clp], bpr02_delta=1000)
        k.settle(rem, post_day=r + 1, cash_day=r + 1)
        k.fault(fid=fid, kind="bpr02_not_clp_minus_plb", day=r, key=rem.txn.trn02,
                expected="REMIT_UNBALANCED", first=r,
                note="BPR02 is 10.00 above sum(CLP04) - sum(PLB)")
    elif variant == "claim":
        dropped = ClpSpec(**{**clp.__dict__, "cas": []})
        rem = k.remit(payer=enc.payer, day=r, clps=[dropped])
        k.settle(rem, post_day=r + 1, cash_day=r + 1)
        k.fault(fid=fid, kind="claim_cas_missing", day=r, key=f"{rem.txn.trn02}|{enc.claim_id}",
                expected="REMIT_UNBALANCED", first=r,
                note="CO-45 adjustment missing: CLP03 - CLP04 - CAS != 0")
    elif variant == "group_trap":
        _enc2, clp2 = k.paid_claim(recv=r, payer=enc.payer)
        trn = k.w.next_trn02()
        a = k.remit(payer=enc.payer, day=r, clps=[clp], trn02=trn, bpr02_delta=5000)
        b = k.remit(payer=enc.payer, day=r, clps=[clp2], trn02=trn, bpr02_delta=-5000)
        k.settle(a, post_day=r + 1, cash_day=None)
        k.settle(b, post_day=r + 1, cash_day=None)
        k.cash(day=r + 1, trn02=trn, cents=a.bpr02 + b.bpr02, payer=enc.payer)
        k.fault(fid=fid, kind="trn02_group_balanced", day=r, key=trn, expected="none",
                note="two transactions share a TRN02: each off by 50.00, the group balances")
    else:  # PLB offsets, balanced
        plbs = [("L6", -1234), ("WO:OVP" + enc.claim_id[2:], 2500), ("FB:ADJ" + enc.claim_id[2:], 500)]
        if clp.clp04 <= 4000:
            plbs = [("L6", -1234)]
        rem = k.remit(payer=enc.payer, day=r, clps=[clp], plbs=plbs)
        k.settle(rem, post_day=r + 1, cash_day=r + 1)
        k.fault(fid=fid, kind="plb_offsets_balanced", day=r, key=rem.txn.trn02, expected="none",
                note="interest (L6, negative) and offsets (WO, FB) in PLB; BPR02 = CLP04 - PLB")


def recoupment_with_forward_balance(k: Kit) -> None:
    """A payment fully reversed later, carried as a PLB forward balance (BPR02 = 0)."""
    r = k.day(3, k.last_day - 6)
    if r is None:
        return
    pat = k.patient()
    ref = k.nid("referral", "R", 8)
    c = r - 6
    k.w.add_row(c - 2, "referrals", referral_row(k, ref_id=ref, pat=pat, referred=c - 2,
                                                 status="New", accepted=None, version_day=c - 2))
    k.w.add_row(c - 1, "referrals", referral_row(k, ref_id=ref, pat=pat, referred=c - 2,
                                                 status="Accepted", accepted=c - 1,
                                                 version_day=c - 1))
    enc = k.encounter(created=c, referral_id=ref)
    clp = k.clp(enc)
    rem = k.remit(payer=enc.payer, day=r, clps=[clp])
    k.settle(rem, post_day=r + 1, cash_day=r + 1)
    back = k.remit(payer=enc.payer, day=r + 6, clps=[Kit.reversal(clp)],
                   plbs=[(f"FB:{enc.claim_id}", -clp.clp04)])
    k.settle(back, post_day=r + 7, cash_day=None)
    k.fault(fid=k.w.new_fault_id(), kind="payment_recouped_forward_balance", day=r + 6,
            key=enc.claim_id, expected="none",
            note="paid on r, reversed (CLP02=22) on r+6 with PLB FB so BPR02 = 0; the CRM "
                 "feed reports it REVERSED")


def inject(k: Kit) -> None:
    for _ in range(2):
        claim_not_found_unknown(k)
    claim_not_found_late_claim_row(k)
    claim_not_found_typo(k)
    not_posted(k, late_by=None)
    not_posted(k, late_by=5)
    not_posted(k, late_by=6)
    not_posted_rejected_posting(k)
    denial_not_posted_trap(k)
    denial_then_appeal_trap(k)
    amount_mismatch_typo(k)
    amount_mismatch_reversal_unposted(k)
    amount_mismatch_corrected(k)
    for _ in range(2):
        posting_without_remit_paper(k)
    adjustment_only_trap(k)
    duplicate_payment(k, reversed_after=None)
    duplicate_payment(k, reversed_after=8)
    duplicate_secondary_payment(k)
    duplicate_payment_traps(k)
    eft_not_in_gl(k, cash_after=None)
    eft_not_in_gl(k, cash_after=5)
    eft_not_in_gl(k, cash_after=None, posting_date_after=6)
    eft_post_dated_trap(k)
    for variant in ("bank_fee", "staggered_split", "corrected", "same_day_split"):
        eft_amount_mismatch(k, variant=variant)
    for variant in ("never", "late_835", "typo"):
        unapplied_cash(k, variant=variant)
    for variant in ("transaction", "transaction", "claim", "claim", "group_trap", "plb"):
        remit_unbalanced(k, variant=variant)
    recoupment_with_forward_balance(k)
