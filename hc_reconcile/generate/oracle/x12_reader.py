"""Reference reader of one X12 835 file (contract §1 '835 files').

Returns either a quarantine reason for the whole file, or one outcome per
transaction (ST..SE) in file order: loaded (parsed) or rejected (reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hc_reconcile.generate.oracle.values import parse_money, parse_x12_date

BOM = b"\xef\xbb\xbf"
WS = " \t\r\n"
CAS_AMOUNTS = (3, 6, 9, 12, 15, 18)
PLB_AMOUNTS = (4, 6, 8, 10, 12, 14)


class Quarantine(Exception):
    pass


@dataclass
class Clp:
    clp01: str
    clp02: str
    clp03: Decimal
    clp04: Decimal
    cas: list[Decimal] = field(default_factory=list)


@dataclass
class RemitTxn:
    position: int
    payer_id: str
    trn02: str
    bpr02: Decimal
    bpr16: date | None
    clps: list[Clp]
    plb: list[Decimal]


@dataclass
class TxnOutcome:
    position: int
    txn: RemitTxn | None
    reason: str | None  # rejection reason


@dataclass
class X12Result:
    quarantined: str | None = None
    txns: list[TxnOutcome] = field(default_factory=list)


Segment = tuple[int, list[str]]  # (position in file, elements)


def _el(seg: list[str], i: int) -> str:
    return seg[i] if i < len(seg) else ""


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def read_835(data: bytes) -> X12Result:
    try:
        return X12Result(txns=_read(data))
    except Quarantine as exc:
        return X12Result(quarantined=str(exc))


def _read(data: bytes) -> list[TxnOutcome]:
    if data.startswith(BOM):
        data = data[len(BOM):]
    if not data.strip(WS.encode()):
        raise Quarantine("empty or blank file")
    if not data.isascii():
        raise Quarantine("non-ASCII byte")
    text = data.decode("ascii")
    n = len(text)
    pos = 0
    seg_no = 0
    out: list[TxnOutcome] = []
    skip = WS  # before the first ISA: whitespace only
    while True:
        while pos < n and text[pos] in skip:
            pos += 1
        if pos >= n:
            break
        if not text.startswith("ISA", pos):
            raise Quarantine(f"expected ISA at offset {pos}")
        if n - pos < 106:
            raise Quarantine("truncated ISA")
        elem, term = text[pos + 3], text[pos + 105]
        isa = text[pos: pos + 105].split(elem)
        if len(isa) != 17:
            raise Quarantine(f"ISA has {len(isa) - 1} elements, not 16")
        seg_no += 1
        pos += 106
        segments: list[Segment] = []
        while True:
            end = text.find(term, pos)
            if end < 0:
                if text[pos:].strip(WS):
                    raise Quarantine("segment without terminator (truncated)")
                raise Quarantine("interchange without IEA")
            raw = text[pos:end].strip("\r\n")
            pos = end + 1
            if not raw:
                continue
            seg_no += 1
            els = raw.split(elem)
            segments.append((seg_no, els))
            if els[0] == "IEA":
                break
        out.extend(_interchange(isa, segments))
        # between and after interchanges: whitespace and stray terminators (empty segments)
        skip = WS + term
    return out


def _interchange(isa: list[str], segs: list[Segment]) -> list[TxnOutcome]:
    out: list[TxnOutcome] = []
    i = 0
    n_groups = 0
    while segs[i][1][0] != "IEA":
        tag = segs[i][1][0]
        if tag != "GS":
            raise Quarantine(f"expected GS or IEA, found {tag} at segment {segs[i][0]}")
        gs = segs[i][1]
        i += 1
        n_st = 0
        while True:
            if i >= len(segs):
                raise Quarantine("GS without GE")
            tag = segs[i][1][0]
            if tag == "GE":
                break
            if tag != "ST":
                raise Quarantine(f"expected ST or GE, found {tag} at segment {segs[i][0]}")
            start = i
            i += 1
            while i < len(segs) and segs[i][1][0] not in ("SE", "ST", "GE", "GS", "IEA", "ISA"):
                i += 1
            if i >= len(segs) or segs[i][1][0] != "SE":
                raise Quarantine(f"ST at segment {segs[start][0]} without SE")
            out.append(_transaction(segs[start: i + 1]))
            n_st += 1
            i += 1
        ge = segs[i][1]
        if _int_or_none(_el(ge, 1)) != n_st:
            raise Quarantine(f"GE01 {_el(ge, 1)!r} is not the ST count {n_st}")
        if _el(ge, 2) != _el(gs, 6):
            raise Quarantine(f"GE02 {_el(ge, 2)!r} is not GS06 {_el(gs, 6)!r}")
        n_groups += 1
        i += 1
        if i >= len(segs):
            raise Quarantine("interchange without IEA")
    iea = segs[i][1]
    if _int_or_none(_el(iea, 1)) != n_groups:
        raise Quarantine(f"IEA01 {_el(iea, 1)!r} is not the GS count {n_groups}")
    if _el(iea, 2) != isa[13]:
        raise Quarantine(f"IEA02 {_el(iea, 2)!r} is not ISA13 {isa[13]!r}")
    return out


def _transaction(segs: list[Segment]) -> TxnOutcome:
    position = segs[0][0]
    reason = _validate(segs)
    if reason is not None:
        return TxnOutcome(position, None, reason)
    return TxnOutcome(position, _parse(position, segs), None)


def _validate(segs: list[Segment]) -> str | None:
    st, se = segs[0][1], segs[-1][1]
    if _el(st, 1) != "835":
        return f"ST01 is {_el(st, 1)!r}, not 835"
    if _int_or_none(_el(se, 1)) != len(segs):
        return f"SE01 {_el(se, 1)!r} is not the segment count {len(segs)}"
    if _el(se, 2) != _el(st, 2):
        return f"SE02 {_el(se, 2)!r} is not ST02 {_el(st, 2)!r}"
    bpr = next((s for _, s in segs if s[0] == "BPR"), None)
    trn = next((s for _, s in segs if s[0] == "TRN"), None)
    if bpr is None:
        return "BPR missing"
    if trn is None or _el(trn, 2) == "":
        return "TRN02 missing"
    if parse_money(_el(bpr, 2)) is None:
        return f"BPR02 {_el(bpr, 2)!r} is not a money value"
    if _el(bpr, 16) != "" and parse_x12_date(_el(bpr, 16)) is None:
        return f"BPR16 {_el(bpr, 16)!r} is not a CCYYMMDD date"
    seen_clp = False
    for _, s in segs:
        tag = s[0]
        if tag == "CLP":
            seen_clp = True
            if _el(s, 1) == "" or _el(s, 2) == "":
                return "CLP01 or CLP02 empty"
            for k in (3, 4):
                if parse_money(_el(s, k)) is None:
                    return f"CLP0{k} {_el(s, k)!r} is not a money value"
        elif tag == "CAS":
            if not seen_clp:
                return "CAS before the first CLP"
            # CAS03 is required (empty or missing is not a money value); the later
            # amounts are checked only when present and non-empty.
            for k in CAS_AMOUNTS:
                if (k == CAS_AMOUNTS[0] or _el(s, k) != "") and parse_money(_el(s, k)) is None:
                    return f"CAS{k:02d} {_el(s, k)!r} is not a money value"
        elif tag == "PLB":
            for k in PLB_AMOUNTS:  # PLB04 required, as CAS03
                if (k == PLB_AMOUNTS[0] or _el(s, k) != "") and parse_money(_el(s, k)) is None:
                    return f"PLB{k:02d} {_el(s, k)!r} is not a money value"
    return None


def _parse(position: int, segs: list[Segment]) -> RemitTxn:
    bpr = next(s for _, s in segs if s[0] == "BPR")
    trn = next(s for _, s in segs if s[0] == "TRN")
    n104 = ""
    ref2u: str | None = None  # the first REF*2U of the header (before the first LX or CLP)
    in_header = True
    clps: list[Clp] = []
    plb: list[Decimal] = []
    seen_pr = False
    for _, s in segs:
        tag = s[0]
        if tag in ("LX", "CLP"):
            in_header = False
        if tag == "N1" and _el(s, 1) == "PR" and not seen_pr:
            seen_pr = True
            n104 = _el(s, 4)
        elif tag == "REF" and _el(s, 1) == "2U" and in_header and ref2u is None:
            ref2u = _el(s, 2)
        elif tag == "CLP":
            clps.append(Clp(_el(s, 1), _el(s, 2), Decimal(_el(s, 3)), Decimal(_el(s, 4))))
        elif tag == "CAS":
            clps[-1].cas.extend(Decimal(_el(s, k)) for k in CAS_AMOUNTS if _el(s, k) != "")
        elif tag == "PLB":
            plb.extend(Decimal(_el(s, k)) for k in PLB_AMOUNTS if _el(s, k) != "")
    payer_id = n104 or ref2u or _el(trn, 3)  # an empty header REF*2U falls to TRN03
    bpr16 = parse_x12_date(_el(bpr, 16)) if _el(bpr, 16) else None
    return RemitTxn(position, payer_id, _el(trn, 2), Decimal(_el(bpr, 2)), bpr16, clps, plb)
