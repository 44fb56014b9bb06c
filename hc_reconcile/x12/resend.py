"""Re-send keys (CONTRACT.md section 1, "Duplicates").

A valid transaction whose payer id, TRN02 and BPR02 *as a number* equal
those of one already loaded (from an earlier file, or earlier in the same
file) is re-sent and skipped. BPR02 is DECIMAL(18,2), so ``945``, ``945.0``
and ``945.00`` are one key. A null payer id (N104, REF*2U and TRN03 all
empty) equals another null payer id.

The warehouse loader owns the cross-file state; these helpers are pure.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from hc_reconcile.x12.model import MONEY, Parsed835

RESEND_KEY = ("payer_id", "trn02", "bpr02")

RESEND_KEYS_SCHEMA = pl.Schema(
    {"st_position": pl.Int64(), "payer_id": pl.String(), "trn02": pl.String(), "bpr02": MONEY}
)


def resend_keys(transactions: pl.DataFrame) -> pl.DataFrame:
    """(st_position, payer_id, trn02, bpr02) of each transaction, in file order."""
    return (
        transactions.select("st_position", "payer_id", "trn02", bpr02="payment_amount")
        .sort("st_position")
        .cast(RESEND_KEYS_SCHEMA)  # type: ignore[arg-type]
    )


def mark_resent(
    transactions: pl.DataFrame, *, loaded_keys: pl.DataFrame | None = None
) -> pl.DataFrame:
    """resend_keys plus ``resent`` (Boolean): an equal key comes earlier in the file or is loaded.

    ``loaded_keys`` holds the keys (payer_id, trn02, bpr02) already loaded
    from earlier files, if any.
    """
    keys = resend_keys(transactions).with_columns(
        resent=~pl.struct(*RESEND_KEY).is_first_distinct()
    )
    if loaded_keys is None or loaded_keys.height == 0:
        return keys
    seen = (
        loaded_keys.select(RESEND_KEY)
        .cast(RESEND_KEYS_SCHEMA.to_frame().drop("st_position").schema)  # type: ignore[arg-type]
        .unique()
        .with_columns(loaded=pl.lit(True))
    )
    return (
        keys.join(seen, on=list(RESEND_KEY), how="left", nulls_equal=True, maintain_order="left")
        .with_columns(resent=pl.col("resent") | pl.col("loaded").fill_null(False))
        .drop("loaded")
    )


def drop_resent(
    parsed: Parsed835, *, loaded_keys: pl.DataFrame | None = None
) -> tuple[Parsed835, int]:
    """The parse result without its re-sent transactions, and how many were skipped."""
    if parsed.quarantined:
        return parsed, 0
    marked = mark_resent(parsed.transactions, loaded_keys=loaded_keys)
    skipped = marked.filter(pl.col("resent")).select("st_position")
    if skipped.height == 0:
        return parsed, 0

    def keep(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(skipped, on="st_position", how="anti", maintain_order="left")

    return (
        replace(
            parsed,
            transactions=keep(parsed.transactions),
            claims=keep(parsed.claims),
            services=keep(parsed.services),
            adjustments=keep(parsed.adjustments),
            provider_adjustments=keep(parsed.provider_adjustments),
        ),
        skipped.height,
    )
