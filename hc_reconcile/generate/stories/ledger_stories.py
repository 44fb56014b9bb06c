"""Stories on charges, GL revenue and CRM referrals: UNBILLED_CHARGE,
REVENUE_GL_VARIANCE, REFERRAL_WITHOUT_ACCOUNT and DUPLICATE_PATIENT."""

from __future__ import annotations

from datetime import timedelta

from hc_reconcile.generate.catalog import Facility
from hc_reconcile.generate.fmt import money
from hc_reconcile.generate.stories.kit import Kit, Line, Patient
from hc_reconcile.generate.world import RevenueMod


def unbilled(k: Kit, *, variant: str) -> None:
    span = {"never": 8, "late": 10, "credit": 9, "boundary": 8}[variant]
    p = k.day(1, k.last_day - span)
    if p is None:
        return
    fid = k.w.new_fault_id()
    if variant == "never":
        enc = k.encounter(created=p, n_lines=1, bill=False)
        k.fault(fid=fid, kind="charge_never_billed", day=p, key=enc.lines[0].charge_id,
                expected="UNBILLED_CHARGE", first=p + 8,
                note="charge posted on p never gets a claim_id: detected on p+8, not p+7")
    elif variant == "late":
        enc = k.encounter(created=p, n_lines=2, bill_day=p + 10)
        for ln in enc.lines:
            k.fault(fid=fid, kind="charge_billed_late", day=p, key=ln.charge_id,
                    expected="UNBILLED_CHARGE", first=p + 8, resolved=p + 10,
                    note="claim submitted 10 days after the charges were posted")
    elif variant == "credit":
        enc = k.encounter(created=p, n_lines=1)
        orig = enc.lines[0]
        credit = Line(k.nid("charge", "CH", 9), orig.cpt, orig.revenue_code, -1,
                      -(orig.cents // 2), orig.service_day, p + 1)
        k.w.add_row(p + 1, "charges", k.charge_row(enc, credit, billed=False))
        k.w.add_charge_for_gl(facility_id=enc.facility.facility_id, post_day=p + 1,
                              cents=credit.cents)
        k.fault(fid=fid, kind="credit_line_never_billed", day=p + 1, key=credit.charge_id,
                expected="UNBILLED_CHARGE", first=p + 9,
                note="a credit line (negative amount) posted after the claim, never billed")
    else:
        enc = k.encounter(created=p, n_lines=1, bill_day=p + 8)
        k.fault(fid=fid, kind="charge_billed_on_day_8", day=p, key=enc.lines[0].charge_id,
                expected="none", note="billed on p+8, in the folder of p+8 itself: never detected")


def _reserve(k: Kit, *, lo: int, hi: int, n: int = 1) -> tuple[list[Facility], int] | None:
    """Facilities and a day whose revenue no other story touches."""
    for _ in range(50):
        p = k.day(lo, hi)
        if p is None:
            return None
        start = int(k.rng.integers(0, len(k.w.facilities)))
        facs = [k.facility(start + i) for i in range(n)]
        if all((f.facility_id, p) not in k.w.reserved_fac_days for f in facs):
            for f in facs:
                k.w.reserve_fac_day(f.facility_id, p)
            return facs, p
    return None


def revenue_variance(k: Kit, *, variant: str) -> None:
    span = {"missing": 1, "late_rerun": 3, "cost_center": 1, "no_cost_center": 1,
            "corrected": 2}[variant]
    got = _reserve(k, lo=1, hi=k.last_day - span, n=2 if variant == "cost_center" else 1)
    if got is None:
        return
    facs, p = got
    f = facs[0]
    fid = k.w.new_fault_id()
    key = f"{f.facility_id}|{k.iso(p)}"
    # make sure the facility has charges that day
    k.encounter(created=p, facility=f, n_lines=2)
    if variant == "missing":
        enc = k.encounter(created=p, facility=f, n_lines=1, in_gl=False)
        k.fault(fid=fid, kind="charge_missing_from_gl", day=p, key=key,
                expected="REVENUE_GL_VARIANCE", first=p + 1,
                note=f"charge {enc.lines[0].charge_id} ({money(enc.total)}) never reached the GL")
    elif variant == "late_rerun":
        k.w.revenue_mods.append(RevenueMod(f.facility_id, p, "deliver_on", p + 3))
        k.fault(fid=fid, kind="gl_rerun_late", day=p + 3, key=key,
                expected="REVENUE_GL_VARIANCE", first=p + 1, resolved=p + 3,
                note="the day's revenue journal lands 3 days late with its original posting_date")
    elif variant == "cost_center":
        other = facs[1]
        k.w.revenue_mods.append(RevenueMod(f.facility_id, p, "cost_center", other.facility_id))
        k.fault(fid=fid, kind="revenue_wrong_cost_center", day=p, key=key,
                expected="REVENUE_GL_VARIANCE", first=p + 1,
                note=f"revenue booked to cost center {other.facility_id}")
        k.fault(fid=fid, kind="revenue_wrong_cost_center", day=p,
                key=f"{other.facility_id}|{k.iso(p)}", expected="REVENUE_GL_VARIANCE",
                first=p + 1, note=f"receives {f.facility_id}'s revenue")
    elif variant == "no_cost_center":
        k.w.revenue_mods.append(RevenueMod(f.facility_id, p, "cost_center", None))
        k.fault(fid=fid, kind="revenue_without_cost_center", day=p, key=key,
                expected="REVENUE_GL_VARIANCE", first=p + 1,
                note="revenue line has no cost_center and is ignored")
    else:
        k.w.revenue_mods.append(RevenueMod(f.facility_id, p, "correct_on", 25000, p + 2))
        k.fault(fid=fid, kind="revenue_corrected", day=p, key=key,
                expected="REVENUE_GL_VARIANCE", first=p + 1, resolved=p + 2,
                note="revenue under-booked by 250.00; the line is re-sent corrected on p+2")


def referral_row(k: Kit, *, ref_id: str, pat: Patient, referred: int, status: str,
                 accepted: int | None, version_day: int, fac: Facility | None = None,
                 first: str | None = None, last: str | None = None,
                 patient_id: str | None = None) -> dict[str, str | None]:
    fac = fac or k.facility(0)
    return {"referral_id": ref_id, "patient_id": patient_id or pat.crm_id,
            "first_name": first or pat.first.title(), "last_name": last or pat.last.title(),
            "birth_date": pat.dob.isoformat(), "referral_date": k.iso(referred), "status": status,
            "accepted_date": None if accepted is None else k.iso(accepted),
            "facility_id": fac.facility_id, "payer_id": k.w.payers[0].payer_id,
            "member_id": f"S{k.w.take('member') + 1:09d}",
            "last_modified": f"{k.iso(version_day)}T10:{version_day % 60:02d}:00"}


def referral_without_account(k: Kit, *, variant: str) -> None:
    span = {"never": 3, "late": 5, "declined": 4, "no_date": 3, "boundary": 3}[variant]
    a = k.day(2, k.last_day - span)
    if a is None:
        return
    pat = k.patient()
    ref = k.nid("referral", "R", 8)
    fid = k.w.new_fault_id()
    k.w.add_row(a - 1, "referrals", referral_row(k, ref_id=ref, pat=pat, referred=a - 1,
                                                 status="New", accepted=None, version_day=a - 1))
    accepted = None if variant == "no_date" else a
    k.w.add_row(a, "referrals", referral_row(k, ref_id=ref, pat=pat, referred=a - 1,
                                             status="Accepted", accepted=accepted, version_day=a))
    if variant == "never":
        k.fault(fid=fid, kind="accepted_referral_no_account", day=a, key=ref,
                expected="REFERRAL_WITHOUT_ACCOUNT", first=a + 3,
                note="accepted on a, no account ever: detected on a+3, not a+2")
    elif variant == "late":
        enc = k.encounter(created=a + 5, n_lines=1, referral_id=ref)
        k.fault(fid=fid, kind="account_created_late", day=a, key=ref,
                expected="REFERRAL_WITHOUT_ACCOUNT", first=a + 3, resolved=a + 5,
                note=f"account {enc.account_id} created on a+5")
    elif variant == "declined":
        k.w.add_row(a + 4, "referrals", referral_row(k, ref_id=ref, pat=pat, referred=a - 1,
                                                     status="Declined", accepted=a,
                                                     version_day=a + 4))
        k.fault(fid=fid, kind="accepted_then_declined", day=a, key=ref,
                expected="REFERRAL_WITHOUT_ACCOUNT", first=a + 3, resolved=a + 4,
                note="status changes to Declined on a+4")
    elif variant == "no_date":
        k.fault(fid=fid, kind="accepted_without_date", day=a, key=ref, expected="none",
                note="status Accepted but accepted_date empty")
    else:
        k.encounter(created=a + 2, n_lines=1, referral_id=ref)
        k.fault(fid=fid, kind="account_on_day_2", day=a, key=ref, expected="none",
                note="account created exactly 2 days after acceptance")


NAME_VARIANTS: dict[str, list[tuple[str, str]]] = {
    "accents_case_merge": [("José", "García"), ("JOSE", "GARCIA")],
    "punctuation": [("Mary-Ann", "O'Neil"), ("Maryann", "ONeil")],
    "sharp_s": [("Heinrich", "Strauß"), ("HEINRICH", "STRAUSS")],
    "triple": [("Anne Marie", "Dupont"), ("Anne-Marie", "DuPont"), ("ANNEMARIE", "du Pont")],
    "o_slash_trap": [("Søren", "Ødegaard"), ("Soren", "Odegaard")],
    "birth_date_trap": [("Beatrix", "Quill"), ("Beatrix", "Quill")],
}


def duplicate_patient(k: Kit, *, variant: str) -> None:
    names = NAME_VARIANTS[variant]
    merge = variant == "accents_case_merge"
    d1 = k.day(1, k.last_day - len(names) - (4 if merge else 0))
    if d1 is None:
        return
    base = k.patient()
    pats: list[Patient] = []
    refs: list[str] = []
    for i, (first, last) in enumerate(names):
        dob = base.dob if variant != "birth_date_trap" or i == 0 else base.dob + timedelta(days=1)
        pat = k.patient(first=first, last=last, dob=dob)
        ref = k.nid("referral", "R", 8)
        k.w.add_row(d1 + i, "referrals", referral_row(
            k, ref_id=ref, pat=pat, referred=d1 + i, status="New", accepted=None,
            version_day=d1 + i, first=first, last=last))
        pats.append(pat)
        refs.append(ref)
    fid = k.w.new_fault_id()
    if variant.endswith("_trap"):
        a, b = sorted(p.crm_id for p in pats)
        k.fault(fid=fid, kind=f"duplicate_patient_{variant}", day=d1 + 1, key=f"{a}|{b}",
                expected="none",
                note=("'ø' is a letter, not o with a mark" if variant == "o_slash_trap"
                      else "same name, different birth dates"))
        return
    resolved = None
    if merge:
        m = d1 + 1 + 4
        second = pats[1]
        k.w.add_row(m, "referrals", referral_row(
            k, ref_id=refs[1], pat=second, referred=d1 + 1, status="New", accepted=None,
            version_day=m, first=names[1][0], last=names[1][1], patient_id=pats[0].crm_id))
        resolved = m
    for i in range(len(pats)):
        for j in range(i + 1, len(pats)):
            a, b = sorted((pats[i].crm_id, pats[j].crm_id))
            k.fault(fid=fid, kind=f"duplicate_patient_{variant}", day=d1 + j, key=f"{a}|{b}",
                    expected="DUPLICATE_PATIENT", first=d1 + j, resolved=resolved,
                    note=" / ".join(f"{f} {ln}" for f, ln in names)
                    + (" ; CRM merge re-sends the second referral under the surviving id"
                       if merge else ""))


def inject(k: Kit) -> None:
    for variant in ("never", "never", "late", "credit", "boundary"):
        unbilled(k, variant=variant)
    for variant in ("missing", "late_rerun", "cost_center", "no_cost_center", "corrected"):
        revenue_variance(k, variant=variant)
    for variant in ("never", "never", "late", "declined", "no_date", "boundary"):
        referral_without_account(k, variant=variant)
    for variant in NAME_VARIANTS:
        duplicate_patient(k, variant=variant)
