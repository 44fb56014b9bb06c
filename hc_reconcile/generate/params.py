"""Scale parameters: how much baseline activity a scale produces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scale = Literal["small", "medium", "large"]


@dataclass(frozen=True)
class ScaleParams:
    scale: Scale
    accounts_per_day: float  # new encounters per calendar day
    n_facilities: int
    n_payers: int
    history_days: int  # encounters start this many days before the first folder
    claims_per_txn: int  # CLP loops per 835 transaction (at most)
    ground_truth: bool  # run the oracle
    csv_split: int  # split the big daily CSVs into this many files


PARAMS: dict[str, ScaleParams] = {
    "small": ScaleParams("small", 32.0, 4, 6, 10, 25, True, 1),
    "medium": ScaleParams("medium", 320.0, 6, 8, 10, 80, True, 1),
    "large": ScaleParams("large", 15400.0, 6, 8, 10, 400, False, 3),
}


def params_for(scale: str) -> ScaleParams:
    try:
        return PARAMS[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r}; expected small, medium or large") from None
