"""Helpers for the generator tests."""

from __future__ import annotations

import csv
from pathlib import Path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


from datetime import date, timedelta  # noqa: E402

from hc_reconcile.generate.contract import SCHEMA_BY_SOURCE  # noqa: E402

START = date(2026, 11, 1)


def day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


class Landing:
    """A hand-built landing tree: ``n`` empty business dates, files added per day."""

    def __init__(self, root: Path, n: int) -> None:
        self.root = root
        for i in range(n):
            (root / day(i)).mkdir(parents=True, exist_ok=True)

    def csv(self, n: int, source: str, rows: list[dict[str, str]], *, name: str | None = None,
            raw: bytes | None = None) -> Path:
        schema = SCHEMA_BY_SOURCE[source]
        path = self.root / day(n) / schema.folder / (name or f"{source}_001.csv")
        path.parent.mkdir(parents=True, exist_ok=True)
        if raw is None:
            lines = [",".join(schema.columns)]
            lines += [",".join(r.get(c, "") for c in schema.columns) for r in rows]
            raw = ("\n".join(lines) + "\n").encode()
        path.write_bytes(raw)
        return path

    def remit(self, n: int, name: str, text: str) -> Path:
        path = self.root / day(n) / "remit" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
        return path


def claim(claim_id: str, *, account: str = "A1", total: str = "100.00", sub: int = 0) -> dict[str, str]:
    return {"claim_id": claim_id, "account_id": account, "facility_id": "F01",
            "total_charge": total, "submitted_date": day(sub)}


def posting(pid: str, claim_id: str, amount: str, post: int, ptype: str = "PAYMENT") -> dict[str, str]:
    return {"posting_id": pid, "claim_id": claim_id, "posting_type": ptype, "amount": amount,
            "post_date": day(post)}


def x835(txns: list[str], *, isa13: str = "000000001") -> str:
    """An interchange (one GS) around hand-written transactions, '*' ':' '~' delimiters."""
    isa = ("ISA*00*          *00*          *ZZ*PAYERX         *ZZ*HOSPITAL       *261101*1200*^*"
           f"00501*{isa13}*0*P*:~")
    assert len(isa) == 106
    body = "".join(txns)
    return f"{isa}\nGS*HP*PAYERX*HOSPITAL*20261101*1200*7*X*005010X221A1~\n{body}GE*{len(txns)}*7~\nIEA*1*{isa13}~\n"


def txn(st02: str, *, trn02: str, bpr02: str, clps: list[tuple[str, str, str, str, list[str]]],
        payer: str = "PAYER1", bpr16: str = "", plb: list[str] | None = None) -> str:
    segs = [f"ST*835*{st02}", f"BPR*I*{bpr02}*C*CHK" + "*" * 12 + bpr16, f"TRN*1*{trn02}*1999999999",
            f"N1*PR*SOME PAYER*XV*{payer}", "LX*1"]
    for clp01, clp02, c03, c04, cas in clps:
        segs.append(f"CLP*{clp01}*{clp02}*{c03}*{c04}**12*X1*11*1")
        segs += [f"CAS*CO*45*{a}" for a in cas]
    if plb:
        segs.append("PLB*1234567893*20261231*" + "*".join(f"L6*{a}" for a in plb))
    segs.append(f"SE*{len(segs) + 1}*{st02}")
    return "".join(s + "~\n" for s in segs)
