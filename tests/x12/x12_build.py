"""Build small 835 files for tests: a fixed-width ISA, counts computed, any delimiters."""

from __future__ import annotations

from collections.abc import Sequence

BODY = (
    "BPR*I*100.00*C*ACH*CCP*01*999*DA*123*1234567890**01*999*DA*456*20260115",
    "TRN*1*TRACE1*1234567890",
    "N1*PR*PAYER ONE*XV*PAYER1",
    "N1*PE*PROVIDER*XX*1234567893",
    "LX*1",
    "CLP*CLAIM1*1*150.00*100.00*20.00*12*PCN1",
    "CAS*CO*45*30.00",
    "SVC*HC:99213*150.00*100.00**1",
    "CAS*PR*1*20.00",
)


def isa(
    *,
    element: str = "*",
    repetition: str = "^",
    component: str = ":",
    isa13: str = "000000001",
) -> str:
    """The 105 characters of a fixed-width ISA (without its terminator)."""
    fields = [
        "ISA", "00", " " * 10, "00", " " * 10, "ZZ", "SENDER".ljust(15), "ZZ",
        "RECEIVER".ljust(15), "260101", "1200", repetition, "00501", isa13, "0", "P", component,
    ]  # fmt: skip
    text = element.join(fields)
    assert len(text) == 105, len(text)
    return text


def transaction(
    body: Sequence[str] = BODY,
    *,
    st02: str = "0001",
    st01: str = "835",
    se01: str | None = None,
    se02: str | None = None,
) -> list[str]:
    """ST, the body segments and SE (written with '*'); SE01 counted unless given."""
    count = len(body) + 2
    return [
        f"ST*{st01}*{st02}",
        *body,
        f"SE*{count if se01 is None else se01}*{st02 if se02 is None else se02}",
    ]


def interchange(
    transactions: Sequence[Sequence[str]] = (),
    *,
    groups: Sequence[Sequence[Sequence[str]]] | None = None,
    isa13: str = "000000001",
    gs06: str = "1",
    ge01: str | None = None,
    ge02: str | None = None,
    iea01: str | None = None,
    iea02: str | None = None,
    element: str = "*",
    component: str = ":",
    repetition: str = "^",
    terminator: str = "~",
    newline: str = "",
) -> str:
    """One interchange; ``groups`` (lists of transactions) or one group of ``transactions``.

    Segments are written with '*' and ':' and translated to the delimiters asked.
    """
    groups = [list(transactions)] if groups is None else groups
    segments: list[str] = []
    for k, txns in enumerate(groups):
        control = gs06 if k == 0 else f"{gs06}{k}"
        segments.append(f"GS*HP*SENDER*RECEIVER*20260101*1200*{control}*X*005010X221A1")
        for txn in txns:
            segments.extend(txn)
        segments.append(
            f"GE*{len(txns) if ge01 is None else ge01}*{control if ge02 is None else ge02}"
        )
    segments.append(
        f"IEA*{len(groups) if iea01 is None else iea01}*{isa13 if iea02 is None else iea02}"
    )
    table = str.maketrans({"*": element, ":": component})
    body = [s.translate(table) for s in segments]
    head = isa(element=element, repetition=repetition, component=component, isa13=isa13)
    return "".join(part + terminator + newline for part in [head, *body])


def file_835(*interchanges: str) -> bytes:
    return "".join(interchanges).encode("ascii")


def simple(**kwargs: object) -> bytes:
    """One interchange with one valid transaction (BODY), keyword args for ``interchange``."""
    return file_835(interchange([transaction()], **kwargs))  # type: ignore[arg-type]
