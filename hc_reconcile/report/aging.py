"""Aging buckets of an open exception: calendar days from first_seen to the business date."""

from __future__ import annotations

from datetime import date

# (label, first day, last day or None): 0–3, 4–7, 8–14, 15–30 and more than 30 days.
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0–3", 0, 3),
    ("4–7", 4, 7),
    ("8–14", 8, 14),
    ("15–30", 15, 30),
    ("30+", 31, None),
)
LABELS: tuple[str, ...] = tuple(label for label, _, _ in BUCKETS)


def age_days(*, first_seen: date, business_date: date) -> int:
    """D − first_seen in calendar days (never negative)."""
    return max((business_date - first_seen).days, 0)


def bucket_of(days: int) -> str:
    """The label of the bucket ``days`` falls in (``30+`` means 31 days or more)."""
    for label, low, high in BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return LABELS[0]
