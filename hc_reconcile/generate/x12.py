"""Rendering of X12 835 text: segments, transactions, envelopes, delimiter sets, layouts.

Transactions are rendered in a *canonical* form (element ``*``, component ``:``,
terminator ``~``); a file translates them to its own delimiter set when it is
assembled.  Generated values never contain any delimiter character of any set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hc_reconcile.generate.catalog import Payer
from hc_reconcile.generate.fmt import money

CANON_ELEM = "*"
CANON_COMP = ":"
CANON_TERM = "~"

PROVIDER_NAME = "HC HEALTH SYSTEM"
PROVIDER_NPI = "1234567893"
RECEIVER_ID = "HCRECONCILE"


@dataclass(frozen=True)
class DelimSet:
    name: str
    elem: str
    comp: str
    term: str
    rep: str  # ISA11 (repetition separator in 5010)


DELIMS_STAR = DelimSet("star", "*", ":", "~", "^")
DELIMS_PIPE_NL = DelimSet("pipe-newline", "|", ">", "\n", "^")
DELIMS_CARET = DelimSet("caret", "^", ":", "~", "{")
DELIMS_STAR_GT = DelimSet("star-gt", "*", ">", "~", "^")
DELIM_SETS: tuple[DelimSet, ...] = (DELIMS_STAR, DELIMS_PIPE_NL, DELIMS_CARET, DELIMS_STAR_GT)

LAYOUTS = ("oneline", "lines", "crlf", "isa_lines")


def seg(*elements: str) -> str:
    """One canonical segment, terminator included; trailing empty elements are dropped."""
    els = list(elements)
    while len(els) > 1 and els[-1] == "":
        els.pop()
    return CANON_ELEM.join(els) + CANON_TERM


@dataclass
class Txn:
    """One ST..SE transaction in canonical text."""

    text: str
    n_segments: int
    payer_id: str
    trn02: str
    bpr02: str
    st02: str
    origin: str = "story"  # "baseline" for the clean simulation
    # (folder, file name, ST position) of every placement, filled at assembly.
    placements: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class Group:
    gs06: str
    version_code: str
    txns: list[Txn]
    ge01: str | None = None  # override (fault)
    ge02: str | None = None  # override (fault)
    drop_ge: bool = False


@dataclass
class Interchange:
    sender: str
    isa13: str
    version: str  # ISA12
    groups: list[Group]
    yymmdd: str
    hhmm: str
    iea01: str | None = None
    iea02: str | None = None
    short_isa: bool = False  # drop ISA14 (fault: ISA has 15 elements)


@dataclass
class RemitFile:
    folder: str
    name: str
    interchanges: list[Interchange]
    delims: DelimSet = DELIMS_STAR
    layout: str = "lines"
    bom: bool = False
    ws_between: bool = False
    # byte-level corruption applied after assembly (fault); None = clean
    corrupt: Callable[[bytes], bytes] | None = None
    raw: bytes | None = None  # replaces everything (fault)
    auto_shape: bool = True  # writer may vary delimiters/layout/nesting

    @property
    def txns(self) -> list[Txn]:
        return [t for i in self.interchanges for g in i.groups for t in g.txns]


def version_code(isa_version: str) -> str:
    return "004010X091A1" if isa_version == "00401" else "005010X221A1"


def isa_segment(ic: Interchange, d: DelimSet) -> str:
    els = [
        "ISA", "00", " " * 10, "00", " " * 10, "ZZ", f"{ic.sender:<15}"[:15], "ZZ",
        f"{RECEIVER_ID:<15}"[:15], ic.yymmdd, ic.hhmm,
        d.rep if ic.version != "00401" else "U", ic.version, ic.isa13, "0", "P", d.comp,
    ]
    if ic.short_isa:
        del els[14]
    return d.elem.join(els) + d.term


def _envelope_body(ic: Interchange) -> tuple[str, int]:
    """Canonical GS..IEA text of an interchange and its segment count."""
    parts: list[str] = []
    n = 0
    date8 = "20" + ic.yymmdd
    for g in ic.groups:
        parts.append(seg("GS", "HP", ic.sender, RECEIVER_ID, date8, ic.hhmm, g.gs06, "X",
                         g.version_code))
        n += 1
        for t in g.txns:
            parts.append(t.text)
            n += t.n_segments
        if not g.drop_ge:
            parts.append(seg("GE", g.ge01 if g.ge01 is not None else str(len(g.txns)),
                             g.ge02 if g.ge02 is not None else g.gs06))
            n += 1
    parts.append(seg("IEA", ic.iea01 if ic.iea01 is not None else str(len(ic.groups)),
                     ic.iea02 if ic.iea02 is not None else ic.isa13))
    n += 1
    return "".join(parts), n


def assemble(f: RemitFile) -> bytes:
    """Render a file to bytes, recording each transaction's ST position."""
    if f.raw is not None:
        return f.raw
    d = f.delims
    table = str.maketrans({CANON_ELEM: d.elem, CANON_COMP: d.comp, CANON_TERM: d.term})
    layout = f.layout if d.term != "\n" else "oneline"
    pieces: list[str] = []
    position = 0
    for k, ic in enumerate(f.interchanges):
        position += 1  # ISA
        pos = position
        for g in ic.groups:
            pos += 1  # GS
            for t in g.txns:
                t.placements.append((f.folder, f.name, pos + 1))
                pos += t.n_segments
            if not g.drop_ge:
                pos += 1
        body, n = _envelope_body(ic)
        position += n
        text = isa_segment(ic, d) + body.translate(table)
        if layout == "lines":
            text = text.replace(d.term, d.term + "\n")
        elif layout == "crlf":
            text = text.replace(d.term, d.term + "\r\n")
        elif layout == "isa_lines":
            text += "\n"
        if f.ws_between and k > 0:
            pieces.append(" \t\r\n")
        pieces.append(text)
    data = "".join(pieces).encode("ascii")
    if f.bom:
        data = b"\xef\xbb\xbf" + data
    if f.corrupt is not None:
        data = f.corrupt(data)
    return data


# --- transaction rendering (stories; the baseline renders CLP loops vectorised) ---


def bpr_segment(*, payer: Payer, amount: str, bpr16: str | None, positive: bool) -> str:
    if not positive:
        return seg("BPR", "H", amount, "C", "NON", *([""] * 11), bpr16 or "")
    if payer.id_style == "ref2u":
        return seg("BPR", "I", amount, "C", "CHK", *([""] * 11), bpr16 or "")
    return seg("BPR", "I", amount, "C", "ACH", "CCP", "01", "021000021", "DA", "5550001234",
               payer.trn03, "", "01", "071000013", "DA", "8887776666", bpr16 or "")


def header_segments(*, payer: Payer, st02: str, trn02: str, bpr02: str, bpr16: str | None,
                    prod_date: str, positive: bool) -> list[str]:
    out = [
        seg("ST", "835", st02),
        bpr_segment(payer=payer, amount=bpr02, bpr16=bpr16, positive=positive),
        seg("TRN", "1", trn02, payer.trn03),
        seg("REF", "EV", RECEIVER_ID),
        seg("DTM", "405", prod_date),
    ]
    if payer.id_style == "n104":
        out.append(seg("N1", "PR", payer.name, "XV", payer.payer_id))
    else:
        out.append(seg("N1", "PR", payer.name))
    out.append(seg("N3", "PO BOX 1400"))
    out.append(seg("N4", payer.city, payer.state, payer.zip))
    if payer.id_style == "ref2u":
        out.append(seg("REF", "2U", payer.payer_id))
    out.append(seg("PER", "BL", "PROVIDER SERVICES", "TE", "8005550100"))
    out.append(seg("N1", "PE", PROVIDER_NAME, "XX", PROVIDER_NPI))
    out.append(seg("REF", "TJ", "361234567"))
    out.append(seg("LX", "1"))
    return out


def plb_segment(*, fiscal_date: str, adjustments: list[tuple[str, int]]) -> str:
    els = ["PLB", PROVIDER_NPI, fiscal_date]
    for code, cents in adjustments:
        els += [code, money(cents)]
    return seg(*els)


@dataclass
class ClpSpec:
    """A claim payment loop for story transactions (claim-level CAS)."""

    clp01: str
    clp02: str
    clp03: int
    clp04: int
    cas: list[tuple[str, str, int]]
    last: str
    first: str
    member: str
    from_date: str
    to_date: str
    filing: str = "CI"
    bill_type: str = "11"
    pcn: str = "PCN0000000"
    clp05: int = 0
    svc: list[tuple[str, int, int, int, str]] = field(default_factory=list)  # cpt, chg, paid, units, date
    # textual overrides (faults)
    clp03_text: str | None = None
    clp04_text: str | None = None
    cas_text: dict[int, str] = field(default_factory=dict)  # CAS index -> amount text

    def segments(self) -> list[str]:
        out = [seg("CLP", self.clp01, self.clp02,
                   self.clp03_text if self.clp03_text is not None else money(self.clp03),
                   self.clp04_text if self.clp04_text is not None else money(self.clp04),
                   money(self.clp05), self.filing, self.pcn, self.bill_type, "1")]
        for i, (grp, reason, cents) in enumerate(self.cas):
            out.append(seg("CAS", grp, reason, self.cas_text.get(i, money(cents))))
        out.append(seg("NM1", "QC", "1", self.last, self.first, "", "", "", "MI", self.member))
        out.append(seg("DTM", "232", self.from_date))
        out.append(seg("DTM", "233", self.to_date))
        for cpt, chg, paid, units, d in self.svc:
            out.append(seg("SVC", f"HC{CANON_COMP}{cpt}", money(chg), money(paid), "", str(units)))
            out.append(seg("DTM", "472", d))
        return out


def build_txn(*, payer: Payer, st02: str, trn02: str, clps: list[ClpSpec],
              plbs: list[tuple[str, int]], bpr16: str | None, prod_date: str,
              fiscal_date: str, bpr02_text: str | None = None, bpr02_delta: int = 0,
              body: str = "", body_segments: int = 0, body_clp04: int = 0,
              mutate: Callable[[list[str]], list[str]] | None = None,
              se01_delta: int = 0, se02: str | None = None) -> Txn:
    """Render one transaction.

    ``body`` is pre-rendered canonical CLP loops (the vectorised baseline) with
    its segment count and CLP04 sum; ``clps`` are story claim loops appended
    after it.  BPR02 = CLP04 - PLB (+ ``bpr02_delta``, a fault) unless
    ``bpr02_text`` overrides it.  ``mutate`` edits the segment list before SE.
    """
    total = body_clp04 + sum(c.clp04 for c in clps) - sum(a for _, a in plbs) + bpr02_delta
    bpr02 = bpr02_text if bpr02_text is not None else money(total)
    segs = header_segments(payer=payer, st02=st02, trn02=trn02, bpr02=bpr02, bpr16=bpr16,
                           prod_date=prod_date, positive=total > 0)
    n_body = body_segments
    for c in clps:
        segs += c.segments()
    tail: list[str] = []
    if plbs:
        tail.append(plb_segment(fiscal_date=fiscal_date, adjustments=plbs))
    if mutate is not None:
        segs = mutate(segs + tail)
        tail = []
    n = len(segs) + n_body + len(tail) + 1
    se = seg("SE", str(n + se01_delta), se02 if se02 is not None else st02)
    # a pre-rendered baseline body follows the header (LX) segments
    full = "".join(segs) + body + "".join(tail) + se
    return Txn(text=full, n_segments=n, payer_id=payer.payer_id, trn02=trn02,
               bpr02=bpr02, st02=st02)
