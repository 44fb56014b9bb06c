"""Patients, referrals and accounts (encounters) of the baseline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from hc_reconcile.generate.catalog import FIRST_NAMES, LAST_NAMES
from hc_reconcile.generate.fmt import date_expr, zid
from hc_reconcile.generate.world import World

DOB_LO = date(1940, 1, 1).toordinal()
DOB_HI = date(2020, 12, 31).toordinal()
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass
class Population:
    n_acc: int
    created: np.ndarray  # account created day
    facility: np.ndarray  # facility index
    payer: np.ndarray  # primary payer index
    has_sec: np.ndarray
    sec_payer: np.ndarray
    los: np.ndarray  # length of stay in days (0..3)
    patient: np.ndarray  # patient index of the account
    first: np.ndarray  # per patient: first-name index
    last: np.ndarray  # per patient: last-name index
    dob: np.ndarray  # per patient: ordinal


def member_id_expr(pat: pl.Expr, payer: pl.Expr) -> pl.Expr:
    return zid("W", (pat * 7907 + payer * 104723) % 10**9, 9)


def _unique_identities(rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(LAST_NAMES), n)
    dob = rng.integers(DOB_LO, DOB_HI + 1, n)
    # The catalogues have distinct normalized names, so (first, last, dob) index
    # triples identify a normalized identity: make them unique.
    while True:
        df = pl.DataFrame({"f": first, "l": last, "d": dob})
        dup = ~df.select(pl.struct("f", "l", "d").is_first_distinct()).to_series().to_numpy()
        if not dup.any():
            return first, last, dob
        dob = dob.copy()
        dob[dup] = rng.integers(DOB_LO, DOB_HI + 1, int(dup.sum()))


def simulate_population(w: World) -> Population:
    p, rng = w.params, w.rng
    nf, npy = len(w.facilities), len(w.payers)
    h = p.history_days
    n_acc = max(8, round(p.accounts_per_day * (h + w.days)))
    created = np.sort(rng.integers(-h, w.days, n_acc))
    fw = np.array([f.weight for f in w.facilities])
    pw = np.array([x.weight for x in w.payers])
    facility = rng.choice(nf, n_acc, p=fw / fw.sum())
    payer = rng.choice(npy, n_acc, p=pw / pw.sum())
    has_sec = rng.random(n_acc) < 0.15
    sec_payer = (payer + rng.integers(1, npy, n_acc)) % npy
    los = rng.choice(4, n_acc, p=[0.55, 0.2, 0.15, 0.1])
    n_pat = max(4, int(n_acc * 0.88))
    patient = rng.integers(0, n_pat, n_acc)
    has_ref = rng.random(n_acc) < 0.6
    n_ref_acc = int(has_ref.sum())
    n_decl = max(1, n_ref_acc // 10)
    n_new = max(1, n_ref_acc // 20)
    first, last, dob = _unique_identities(rng, n_pat + n_decl + n_new)

    # --- accounts -----------------------------------------------------------
    k = rng.choice(3, n_acc, p=[0.5, 0.3, 0.2])  # accepted -> account delay
    u = rng.choice(4, n_acc, p=[0.3, 0.3, 0.25, 0.15])  # referral -> accepted delay
    accepted = created - k
    referred = accepted - u
    acc_idx = np.arange(n_acc)
    acc_ref = np.nonzero(has_ref)[0]

    # --- referrals: one per referred account, plus declined and lingering ones ---
    decl_pat = n_pat + np.arange(n_decl)
    new_pat = n_pat + n_decl + np.arange(n_new)
    decl_day = rng.integers(-h, w.days, n_decl)
    new_day = rng.integers(-h, w.days, n_new)
    ref = pl.DataFrame({
        "pat": np.concatenate([patient[acc_ref], decl_pat, new_pat]),
        "fac": np.concatenate([facility[acc_ref], rng.integers(0, nf, n_decl + n_new)]),
        "payer": np.concatenate([payer[acc_ref], rng.integers(0, npy, n_decl + n_new)]),
        "referred": np.concatenate([referred[acc_ref], decl_day, new_day]),
        "accepted": np.concatenate([accepted[acc_ref], np.full(n_decl + n_new, -10**6)]),
        "converted": np.concatenate([created[acc_ref] + 1, np.full(n_decl + n_new, -10**6)]),
        "declined": np.concatenate([np.full(n_ref_acc, -10**6),
                                    decl_day + rng.integers(1, 4, n_decl),
                                    np.full(n_new, -10**6)]),
        "acc": np.concatenate([acc_ref, np.full(n_decl + n_new, -1)]),
    }).with_row_index("src").sort("referred", "src")
    ref = ref.with_columns(pl.int_range(pl.len()).alias("ref_no"))
    account_ref = np.full(n_acc, -1)
    with_acc = ref.filter(pl.col("acc") >= 0)
    account_ref[with_acc["acc"].to_numpy()] = with_acc["ref_no"].to_numpy()
    w.counters["referral"] = ref.height
    w.counters["patient"] = len(first)

    _add_referral_versions(w, ref, first, last, dob)
    _add_accounts(w, acc_idx, patient, account_ref, facility, payer, created)
    w.counters["account"] = n_acc
    return Population(n_acc, created, facility, payer, has_sec, sec_payer, los, patient,
                      first, last, dob)


def _add_referral_versions(w: World, ref: pl.DataFrame, first: np.ndarray, last: np.ndarray,
                           dob: np.ndarray) -> None:
    none = -10**6
    versions = pl.concat([
        ref.with_columns(pl.col("referred").alias("vday"), pl.lit(0).alias("vno"),
                         pl.lit("New").alias("status")),
        ref.filter(pl.col("accepted") > none).with_columns(
            pl.col("accepted").alias("vday"), pl.lit(1).alias("vno"),
            pl.lit("Accepted").alias("status")),
        ref.filter(pl.col("converted") > none).with_columns(
            pl.col("converted").alias("vday"), pl.lit(2).alias("vno"),
            pl.lit("Converted").alias("status")),
        ref.filter(pl.col("declined") > none).with_columns(
            pl.col("declined").alias("vday"), pl.lit(1).alias("vno"),
            pl.lit("Declined").alias("status")),
    ])
    versions = versions.with_columns(pl.max_horizontal(pl.col("vday"), pl.lit(0)).alias("_day"))
    versions = versions.filter(pl.col("_day") < w.days)
    n = versions.height
    rng = w.rng
    secs = rng.integers(7 * 3600, 19 * 3600, n)
    style = rng.choice(4, n, p=[0.6, 0.2, 0.1, 0.1])
    ms = rng.integers(0, 1000, n)
    fac_ids = pl.Series([f.facility_id for f in w.facilities])
    payer_ids = pl.Series([x.payer_id for x in w.payers])
    first_s = pl.Series(np.asarray(FIRST_NAMES, dtype=object)[first[versions["pat"].to_numpy()]],
                        dtype=pl.String)
    last_s = pl.Series(np.asarray(LAST_NAMES, dtype=object)[last[versions["pat"].to_numpy()]],
                       dtype=pl.String)
    dob_s = pl.Series(dob - EPOCH_ORDINAL).cast(pl.Int32).cast(pl.Date).gather(versions["pat"])
    hms = pl.Series(secs).cast(pl.Int64)
    t = pl.concat_str(
        (hms // 3600).cast(pl.String).str.zfill(2), pl.lit(":"),
        (hms % 3600 // 60).cast(pl.String).str.zfill(2), pl.lit(":"),
        (hms % 60).cast(pl.String).str.zfill(2))
    d = date_expr(w.start, "vday")
    st = pl.Series(style)
    ts = (pl.when(st == 0).then(pl.concat_str(d, pl.lit("T"), t))
          .when(st == 1).then(pl.concat_str(d, pl.lit(" "), t))
          .when(st == 2).then(pl.concat_str(d, pl.lit("T"), t, pl.lit("."),
                                            pl.Series(ms).cast(pl.String).str.zfill(3),
                                            pl.lit("Z")))
          .otherwise(pl.concat_str(d, pl.lit("T"), t, pl.lit("-05:00"))))
    out = versions.with_columns(
        zid("R", pl.col("ref_no") + 1, 8).alias("referral_id"),
        zid("CP", pl.col("pat") + 1, 7).alias("patient_id"),
        first_s.alias("first_name"),
        last_s.alias("last_name"),
        dob_s.dt.strftime("%Y-%m-%d").alias("birth_date"),
        date_expr(w.start, "referred").alias("referral_date"),
        pl.when(pl.col("vno") >= 1).then(
            pl.when(pl.col("accepted") > none).then(date_expr(w.start, "accepted"))
        ).alias("accepted_date"),
        fac_ids.gather(versions["fac"]).alias("facility_id"),
        payer_ids.gather(versions["payer"]).alias("payer_id"),
        member_id_expr(pl.col("pat"), pl.col("payer")).alias("member_id"),
        ts.alias("last_modified"),
        (pl.col("vday") * 4 + pl.col("vno")).alias("_ord"),
    ).sort("_day", "_ord", "referral_id")
    w.frames["referrals"].append(out.select(
        "referral_id", "patient_id", "first_name", "last_name", "birth_date", "referral_date",
        "status", "accepted_date", "facility_id", "payer_id", "member_id", "last_modified",
        "_day", "_ord"))


def _add_accounts(w: World, acc_idx: np.ndarray, patient: np.ndarray, account_ref: np.ndarray,
                  facility: np.ndarray, payer: np.ndarray, created: np.ndarray) -> None:
    fac_ids = pl.Series([f.facility_id for f in w.facilities])
    payer_ids = pl.Series([x.payer_id for x in w.payers])
    df = pl.DataFrame({"acc": acc_idx, "pat": patient, "ref": account_ref, "fac": facility,
                       "payer": payer, "created": created})
    df = df.with_columns(pl.max_horizontal(pl.col("created"), pl.lit(0)).alias("_day"))
    df = df.filter(pl.col("_day") < w.days)
    out = df.with_columns(
        zid("A", pl.col("acc") + 1, 8).alias("account_id"),
        zid("M", pl.col("pat") + 1, 8).alias("patient_id"),
        pl.when(pl.col("ref") >= 0).then(zid("R", pl.col("ref") + 1, 8)).alias("referral_id"),
        fac_ids.gather(df["fac"]).alias("facility_id"),
        payer_ids.gather(df["payer"]).alias("payer_id"),
        date_expr(w.start, "created").alias("created_date"),
        pl.lit(0).alias("_ord"),
    )
    w.frames["accounts"].append(out.select(
        "account_id", "patient_id", "referral_id", "facility_id", "payer_id", "created_date",
        "_day", "_ord"))
