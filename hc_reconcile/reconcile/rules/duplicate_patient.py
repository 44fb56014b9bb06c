"""DUPLICATE_PATIENT, key patient_id_a|patient_id_b (CONTRACT §3), in Polars.

Two patient_ids among all referrals as of D (any status) with equal normalized first name,
equal normalized last name and equal birth_date; every pair of a larger group, a < b in code
point order. Amount 0. A CRM merge re-sends the referral under the surviving patient_id, so
the pair disappears and the exception resolves. Written in Polars because the Unicode
normalization (NFKD, drop marks, casefold, letters only) is Python's ``unicodedata``.
"""

from __future__ import annotations

import duckdb
import polars as pl

from hc_reconcile.reconcile.names import normalize_name
from hc_reconcile.reconcile.sql import fetch_frame

MATCH_ON = ("first_norm", "last_norm", "birth_date")


def _normalized(column: str, frame: pl.DataFrame) -> pl.Expr:
    mapping = {value: normalize_name(value) for value in frame[column].unique().to_list()}
    return pl.col(column).replace_strict(mapping, return_dtype=pl.String)


def detect_duplicate_patients(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Rows (exception_type, entity_key, amount, details) for every duplicate pair."""
    referrals = fetch_frame(
        con,
        "SELECT referral_id, patient_id, first_name, last_name, birth_date, status "
        "FROM rc_referrals",
    )
    referrals = referrals.with_columns(
        _normalized("first_name", referrals).alias("first_norm"),
        _normalized("last_name", referrals).alias("last_norm"),
    )
    # only groups with two or more patient_ids can hold a pair
    candidates = referrals.filter(pl.col("patient_id").n_unique().over(MATCH_ON) > 1)
    patients = candidates.group_by([*MATCH_ON, "patient_id"]).agg(
        pl.struct("referral_id", "first_name", "last_name", "status")
        .sort_by("referral_id")
        .alias("referrals")
    )
    pairs = patients.join(patients, on=list(MATCH_ON), suffix="_b").filter(
        pl.col("patient_id") < pl.col("patient_id_b")
    )
    return pairs.select(
        pl.lit("DUPLICATE_PATIENT").alias("exception_type"),
        (pl.col("patient_id") + "|" + pl.col("patient_id_b")).alias("entity_key"),
        pl.lit(0).alias("amount"),
        pl.struct(
            pl.col("patient_id").alias("patient_id_a"),
            pl.col("patient_id_b"),
            pl.col("first_norm").alias("normalized_first_name"),
            pl.col("last_norm").alias("normalized_last_name"),
            pl.col("birth_date"),
            pl.col("referrals").alias("referrals_a"),
            pl.col("referrals_b"),
        ).alias("details"),
    ).sort("entity_key")
