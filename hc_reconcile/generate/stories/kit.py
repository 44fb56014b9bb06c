"""Primitives for fault stories: fresh entities, remittances, postings and cash lines.

Stories build isolated entities (their own patients, accounts, claims, TRN02s)
with these helpers, so each fault's effect is confined to its own keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from hc_reconcile.generate.catalog import PROCEDURES, Facility, Payer
from hc_reconcile.generate.fmt import iso, money, x12_date
from hc_reconcile.generate.world import Fault, World
from hc_reconcile.generate.x12 import ClpSpec, Txn, build_txn

STORY_FIRST = ("AUDREY", "BASIL", "CORA", "DESMOND", "EDITH", "FLETCHER", "GRETA", "HOMER",
               "IMOGEN", "JASPER", "LAVINIA", "MILO", "NOLA", "OTIS", "PHOEBE", "RUFUS")
STORY_LAST = ("ASHWORTH", "BRIGHTWATER", "COLDWELL", "DUNMORE", "EVERHART", "FAIRBANKS",
              "GLADSTONE", "HOLLOWAY", "IRONSIDE", "KETTERING", "LOCKWOOD", "MARLOWE")
STORY_DOB0 = date(1931, 1, 1)  # story patients are born 1931-1936: no baseline collision
ENTITY = "HCS01"


@dataclass
class Patient:
    crm_id: str
    mrn: str
    first: str
    last: str
    dob: date


@dataclass
class Line:
    charge_id: str
    cpt: str
    revenue_code: str
    units: int
    cents: int
    service_day: int
    post_day: int


@dataclass
class Enc:
    account_id: str
    claim_id: str
    facility: Facility
    payer: Payer
    patient: Patient
    lines: list[Line]
    created: int
    submitted: int
    member: str

    @property
    def total(self) -> int:
        return sum(x.cents for x in self.lines)


@dataclass
class Remit:
    """A story transaction with its claim loops (for settling)."""

    txn: Txn
    payer: Payer
    day: int
    clps: list[ClpSpec]
    bpr02: int
    extra: dict[str, object] = field(default_factory=dict)


class Kit:
    def __init__(self, w: World) -> None:
        self.w = w
        self.rng = np.random.default_rng([w.seed, 4242])
        self.last_day = w.days - 1
        self._patients = 0

    # --- scheduling and faults ------------------------------------------------

    def day(self, lo: int, hi: int) -> int | None:
        """A random day in [lo, hi] clipped to the run; None when the window is empty."""
        lo = max(lo, 1)
        hi = min(hi, self.last_day)
        if lo > hi:
            return None
        return int(self.rng.integers(lo, hi + 1))

    def fault(self, *, fid: str, kind: str, day: int, key: str, expected: str, note: str,
              first: int | None = None, resolved: int | None = None) -> Fault:
        if resolved is not None and resolved > self.last_day:
            resolved = None
        return self.w.expect(fault_id=fid, kind=kind, day=day, key=key, expected=expected,
                             note=note, first_seen=first, resolved_on=resolved)

    def iso(self, day: int) -> str:
        return iso(self.w.start, day)

    # --- ids -------------------------------------------------------------------

    def nid(self, kind: str, prefix: str, width: int) -> str:
        return f"{prefix}{self.w.take(kind) + 1:0{width}d}"

    def payer(self, code: str | None = None) -> Payer:
        if code is not None:
            for p in self.w.payers:
                if p.code == code:
                    return p
        return self.w.payers[int(self.rng.integers(0, len(self.w.payers)))]

    def facility(self, index: int | None = None) -> Facility:
        if index is None:
            index = int(self.rng.integers(0, len(self.w.facilities)))
        return self.w.facilities[index % len(self.w.facilities)]

    def patient(self, *, first: str | None = None, last: str | None = None,
                dob: date | None = None) -> Patient:
        n = self._patients
        self._patients += 1
        return Patient(
            crm_id=self.nid("patient", "CP", 7), mrn=self.nid("mrn_story", "MS", 7),
            first=first or STORY_FIRST[n % len(STORY_FIRST)],
            last=last or STORY_LAST[(n // len(STORY_FIRST)) % len(STORY_LAST)],
            dob=dob or STORY_DOB0 + timedelta(days=3 * n))

    # --- billing ---------------------------------------------------------------

    def account_row(self, enc: Enc, *, referral_id: str | None = None) -> dict[str, str | None]:
        return {"account_id": enc.account_id, "patient_id": enc.patient.mrn,
                "referral_id": referral_id, "facility_id": enc.facility.facility_id,
                "payer_id": enc.payer.payer_id, "created_date": self.iso(enc.created)}

    def charge_row(self, enc: Enc, ln: Line, *, billed: bool) -> dict[str, str | None]:
        return {"charge_id": ln.charge_id, "account_id": enc.account_id,
                "claim_id": enc.claim_id if billed else None,
                "facility_id": enc.facility.facility_id, "service_date": self.iso(ln.service_day),
                "post_date": self.iso(ln.post_day), "cpt_code": ln.cpt,
                "revenue_code": ln.revenue_code, "units": str(ln.units), "amount": money(ln.cents)}

    def claim_row(self, enc: Enc, status: str = "SUBMITTED") -> dict[str, str | None]:
        return {"claim_id": enc.claim_id, "account_id": enc.account_id,
                "payer_id": enc.payer.payer_id, "facility_id": enc.facility.facility_id,
                "total_charge": money(enc.total), "submitted_date": self.iso(enc.submitted),
                "status": status}

    def encounter(self, *, created: int, payer: Payer | None = None,
                  facility: Facility | None = None, n_lines: int = 2, bill: bool = True,
                  bill_day: int | None = None, claim_day: int | None = None,
                  in_gl: bool = True, referral_id: str | None = None,
                  write_account: bool = True, write_charges: bool = True,
                  write_claim: bool = True) -> Enc:
        """An account with charges posted on ``created`` and (``bill``) a claim submitted
        two days later (``bill_day``) with the charges re-sent carrying the claim_id."""
        payer = payer or self.payer()
        facility = facility or self.facility()
        lines = []
        for _ in range(n_lines):
            proc = PROCEDURES[int(self.rng.integers(0, len(PROCEDURES)))]
            units = 1 if proc.max_units == 1 else int(self.rng.integers(1, proc.max_units + 1))
            cents = round(proc.price_cents * facility.price_factor) * units
            lines.append(Line(self.nid("charge", "CH", 9), proc.cpt, proc.revenue_code, units,
                              cents, created, created))
        submitted = created + 2 if bill_day is None else bill_day
        pat = self.patient()
        enc = Enc(self.nid("account", "A", 8), self.nid("claim", "CL", 8), facility, payer, pat,
                  lines, created, submitted, f"S{self.w.take('member') + 1:09d}")
        if write_account:
            self.w.add_row(created, "accounts", self.account_row(enc, referral_id=referral_id))
        for ln in lines:
            if write_charges:
                self.w.add_row(ln.post_day, "charges", self.charge_row(enc, ln, billed=False))
            if in_gl:
                self.w.add_charge_for_gl(facility_id=facility.facility_id, post_day=ln.post_day,
                                         cents=ln.cents)
        if bill:
            for ln in lines:
                if write_charges:
                    self.w.add_row(submitted, "charges", self.charge_row(enc, ln, billed=True))
            if write_claim:
                self.w.add_row(submitted if claim_day is None else claim_day, "claims",
                               self.claim_row(enc))
        return enc

    # --- remittances -----------------------------------------------------------

    def clp(self, enc: Enc, *, clp02: str = "1", ratio: float = 0.8, pr: int = 0,
            clp01: str | None = None, denied: bool = False) -> ClpSpec:
        total = enc.total
        allowed = total if denied else round(total * ratio)
        paid = 0 if denied else allowed - pr
        cas: list[tuple[str, str, int]] = []
        if denied:
            cas.append(("CO", "50", total))
        elif total - allowed:
            cas.append(("CO", "45", total - allowed))
        if pr:
            cas.append(("PR", "1", pr))
        d_from = x12_date(self.w.start, enc.created)
        return ClpSpec(clp01=clp01 or enc.claim_id, clp02="4" if denied else clp02, clp03=total,
                       clp04=paid, cas=cas, last=enc.patient.last, first=enc.patient.first,
                       member=enc.member, from_date=d_from, to_date=d_from,
                       filing=enc.payer.filing, bill_type=enc.facility.bill_type,
                       pcn=f"27{self.w.take('pcn') + 1:011d}", clp05=pr)

    @staticmethod
    def reversal(c: ClpSpec) -> ClpSpec:
        """The CLP02=22 reversal of a claim payment (every amount negated)."""
        return ClpSpec(clp01=c.clp01, clp02="22", clp03=-c.clp03, clp04=-c.clp04,
                       cas=[(g, r, -a) for g, r, a in c.cas], last=c.last, first=c.first,
                       member=c.member, from_date=c.from_date, to_date=c.to_date,
                       filing=c.filing, bill_type=c.bill_type, pcn=c.pcn, clp05=-c.clp05)

    def remit(self, *, payer: Payer, day: int, clps: list[ClpSpec],
              plbs: list[tuple[str, int]] | None = None, bpr16_day: int | None = None,
              trn02: str | None = None, deliver: bool = True, **kw: object) -> Remit:
        plbs = plbs or []
        bpr16 = None if payer.version == "00401" else x12_date(
            self.w.start, day if bpr16_day is None else bpr16_day)
        txn = build_txn(payer=payer, st02=self.w.next_st02(), trn02=trn02 or self.w.next_trn02(),
                        clps=clps, plbs=plbs, bpr16=bpr16, prod_date=x12_date(self.w.start, day),
                        fiscal_date=x12_date(self.w.start, day), **kw)  # type: ignore[arg-type]
        bpr02 = sum(c.clp04 for c in clps) - sum(a for _, a in plbs)
        bpr02 += int(kw.get("bpr02_delta", 0))  # type: ignore[call-overload]
        r = Remit(txn, payer, day, clps, bpr02)
        if deliver:
            self.w.add_txn(payer, day, txn)
        return r

    # --- postings and cash -----------------------------------------------------

    def post(self, *, day: int, claim_id: str, cents: int, trace: str | None,
             ptype: str = "PAYMENT", posting_id: str | None = None, post_day: int | None = None,
             amount_text: str | None = None, type_text: str | None = None,
             reason: str | None = None, reject: str | None = None, fault: Fault | None = None,
             file_name: str | None = None) -> str:
        pid = posting_id or self.nid("posting", "PS", 9)
        self.w.add_row(day, "postings", {
            "posting_id": pid, "claim_id": claim_id, "posting_type": type_text or ptype,
            "amount": amount_text if amount_text is not None else money(cents),
            "post_date": self.iso(day if post_day is None else post_day),
            "trace_number": trace, "group_reason": reason,
        }, reject=reject, fault=fault, file_name=file_name)
        return pid

    def cash(self, *, day: int, trn02: str, cents: int, posting_day: int | None = None,
             journal_id: str | None = None, parts: list[int] | None = None,
             source: str = "PAYER_EFT", payer: Payer | None = None,
             line_texts: dict[int, dict[str, str | None]] | None = None,
             rejects: dict[int, tuple[str, Fault]] | None = None,
             file_name: str | None = None) -> str:
        """A cash receipt journal: 1010 line(s) summing ``cents`` and the 1200 contra line."""
        jid = journal_id or self.nid("journal", "JE", 8)
        parts = parts or [cents]
        desc = f"ACH RECEIPT {payer.name}" if payer else "ACH RECEIPT"
        lines: list[tuple[str, int, str]] = [("1010", p, desc) for p in parts]
        lines.append(("1200", -sum(parts), "APPLY PAYER EFT TO PATIENT A/R"))
        for i, (account, amount, d) in enumerate(lines, start=1):
            values: dict[str, str | None] = {
                "journal_id": jid, "line_no": str(i), "entity_id": ENTITY, "account": account,
                "cost_center": None, "posting_date": self.iso(day if posting_day is None else posting_day),
                "amount": money(amount), "currency": "USD", "reference": trn02, "source": source,
                "description": d}
            values.update((line_texts or {}).get(i, {}))
            rej = (rejects or {}).get(i)
            self.w.add_row(day, "gl_journal", values, reject=rej[0] if rej else None,
                           fault=rej[1] if rej else None, file_name=file_name)
        return jid

    def settle(self, r: Remit, *, post_day: int | None, cash_day: int | None,
               skip_claims: frozenset[str] = frozenset()) -> None:
        """What billing and the ERP normally do with a remittance: a PAYMENT (or
        REVERSAL) posting per paid CLP and one cash receipt for BPR02."""
        if post_day is not None:
            for c in r.clps:
                if c.clp04 == 0 or c.clp01 in skip_claims:
                    continue
                self.post(day=post_day, claim_id=c.clp01, cents=c.clp04, trace=r.txn.trn02,
                          ptype="PAYMENT" if c.clp04 > 0 else "REVERSAL")
        if cash_day is not None and r.bpr02 > 0:
            self.cash(day=cash_day, trn02=r.txn.trn02, cents=r.bpr02, payer=r.payer)

    def paid_claim(self, *, recv: int, payer: Payer | None = None, **enc_kw: object) -> tuple[Enc, ClpSpec]:
        """A fresh encounter billed before ``recv`` and its CLP paying 80 %."""
        enc = self.encounter(created=recv - 6, payer=payer, **enc_kw)  # type: ignore[arg-type]
        return enc, self.clp(enc)
