"""Balancing as data (CONTRACT.md section 3, REMIT_UNBALANCED), per transaction.

Transaction level: ``difference = BPR02 - (sum of CLP04 - sum of PLB amounts)``.
Claim level, per (transaction, CLP01): ``difference = sum over its CLPs of
(CLP03 - CLP04) - sum of the CAS amounts of their claim loops`` (claim and
service level, any group). A difference of 0.00 is balanced; any other is
REMIT_UNBALANCED. The warehouse groups transactions by TRN02 later; here
each transaction stands alone. Exact decimals throughout.
"""

from __future__ import annotations

import polars as pl

from hc_reconcile.x12.model import MONEY, Parsed835

ZERO = pl.lit(0, dtype=MONEY)

TRANSACTION_BALANCE_SCHEMA = pl.Schema(
    {
        "st_position": pl.Int64(),
        "trn02": pl.String(),
        "bpr02": MONEY,
        "sum_clp04": MONEY,
        "sum_plb": MONEY,
        "difference": MONEY,
        "balanced": pl.Boolean(),
    }
)

CLAIM_BALANCE_SCHEMA = pl.Schema(
    {
        "st_position": pl.Int64(),
        "trn02": pl.String(),
        "claim_id": pl.String(),
        "clp_count": pl.Int64(),
        "sum_clp03": MONEY,
        "sum_clp04": MONEY,
        "sum_cas": MONEY,
        "difference": MONEY,
        "balanced": pl.Boolean(),
    }
)


def _sum(column: str) -> pl.Expr:
    return pl.col(column).sum().cast(MONEY)


def balance_checks(parsed: Parsed835) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(transaction_level, claim_level) balance frames of the valid transactions."""
    txn = parsed.transactions.select("st_position", "trn02", bpr02="payment_amount")
    clp04 = parsed.claims.group_by("st_position").agg(sum_clp04=_sum("paid_amount"))
    plb = parsed.provider_adjustments.group_by("st_position").agg(sum_plb=_sum("amount"))
    transaction_level = (
        txn.join(clp04, on="st_position", how="left")
        .join(plb, on="st_position", how="left")
        .with_columns(pl.col("sum_clp04", "sum_plb").fill_null(ZERO))
        .with_columns(
            difference=(pl.col("bpr02") - (pl.col("sum_clp04") - pl.col("sum_plb"))).cast(MONEY)
        )
        .with_columns(balanced=pl.col("difference") == ZERO)
        .sort("st_position")
        .cast(TRANSACTION_BALANCE_SCHEMA)  # type: ignore[arg-type]
    )

    keys = ["st_position", "claim_id"]
    claims = parsed.claims.group_by(keys).agg(
        clp_count=pl.len().cast(pl.Int64()),
        sum_clp03=_sum("charge_amount"),
        sum_clp04=_sum("paid_amount"),
    )
    cas = parsed.adjustments.group_by(keys).agg(sum_cas=_sum("amount"))
    claim_level = (
        claims.join(cas, on=keys, how="left", nulls_equal=True)
        .join(txn.select("st_position", "trn02"), on="st_position", how="left")
        .with_columns(pl.col("sum_cas").fill_null(ZERO))
        .with_columns(
            difference=(pl.col("sum_clp03") - pl.col("sum_clp04") - pl.col("sum_cas")).cast(MONEY)
        )
        .with_columns(balanced=pl.col("difference") == ZERO)
        .sort(keys)
        .select(CLAIM_BALANCE_SCHEMA.names())
        .cast(CLAIM_BALANCE_SCHEMA)  # type: ignore[arg-type]
    )
    return transaction_level, claim_level
