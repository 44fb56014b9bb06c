"""Open exceptions grouped for the report's tables: by owner queue and by type × queue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from hc_reconcile.report import aging
from hc_reconcile.report.model import OpenException, ResolvedException


@dataclass(slots=True)
class Group:
    """Counts and amounts of one group of open exceptions."""

    owner_queue: str
    exception_type: str = ""
    open: int = 0
    amount: Decimal = Decimal("0.00")
    new: int = 0
    resolved: int = 0
    buckets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(aging.LABELS, 0))
    bucket_amounts: dict[str, Decimal] = field(
        default_factory=lambda: dict.fromkeys(aging.LABELS, Decimal("0.00"))
    )

    def add(self, e: OpenException) -> None:
        self.open += 1
        self.amount += e.amount
        self.new += int(e.is_new)
        self.buckets[e.aging_bucket] += 1
        self.bucket_amounts[e.aging_bucket] += e.amount


def by_queue(
    open_exceptions: Sequence[OpenException],
    resolved: Iterable[ResolvedException],
    *,
    queues: Iterable[str] = (),
) -> list[Group]:
    """One row per queue (those with open or resolved exceptions, plus ``queues``)."""
    groups: dict[str, Group] = {q: Group(owner_queue=q) for q in queues}
    for e in open_exceptions:
        groups.setdefault(e.owner_queue, Group(owner_queue=e.owner_queue)).add(e)
    for r in resolved:
        groups.setdefault(r.owner_queue, Group(owner_queue=r.owner_queue)).resolved += 1
    return [groups[q] for q in sorted(groups)]


def by_type_and_queue(
    open_exceptions: Sequence[OpenException], resolved: Iterable[ResolvedException]
) -> list[Group]:
    """One row per (exception type, queue), largest absolute amount first."""
    groups: dict[tuple[str, str], Group] = {}
    for e in open_exceptions:
        key = (e.exception_type, e.owner_queue)
        groups.setdefault(key, Group(owner_queue=e.owner_queue, exception_type=e.exception_type)).add(e)
    for r in resolved:
        key = (r.exception_type, r.owner_queue)
        groups.setdefault(key, Group(owner_queue=r.owner_queue, exception_type=r.exception_type)).resolved += 1
    return sorted(groups.values(), key=lambda g: (-abs(g.amount), g.exception_type, g.owner_queue))


def total(open_exceptions: Sequence[OpenException]) -> Group:
    group = Group(owner_queue="all queues")
    for e in open_exceptions:
        group.add(e)
    return group
