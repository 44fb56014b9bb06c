"""Charges and claims of the baseline encounters.

Each account gets a few charge lines with a long-tailed charge lag; lines posted
within two days of discharge are billed on the account's main claim, later ones
on a late-charge claim per posting day.  Every line is re-sent with its claim_id
on the claim's submission day, at most 7 days after it was posted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from hc_reconcile.generate.baseline.population import Population
from hc_reconcile.generate.catalog import PROCEDURES
from hc_reconcile.generate.fmt import date_expr, money_expr, zid
from hc_reconcile.generate.world import World

_TAIL = np.array([0.8 ** i for i in range(27)])
LAG_PROBS = np.concatenate([[0.45, 0.25, 0.10, 0.06], 0.14 * _TAIL / _TAIL.sum()])


@dataclass
class Encounters:
    lines: pl.DataFrame  # line, acc, claim, proc, units, cents, service, post, credit
    claims: pl.DataFrame  # claim, acc, total, sub, svc_from, svc_to


def simulate_encounters(w: World, pop: Population) -> Encounters:
    rng = w.rng
    n_acc = pop.n_acc
    n_lines = np.clip(1 + rng.poisson(2.6, n_acc), 1, 12)
    acc = np.repeat(np.arange(n_acc), n_lines)
    n = len(acc)
    first_of_acc = np.r_[True, acc[1:] != acc[:-1]]
    pw = np.array([x.weight for x in PROCEDURES])
    proc = rng.choice(len(PROCEDURES), n, p=pw / pw.sum())
    max_units = np.array([x.max_units for x in PROCEDURES])
    price = np.array([x.price_cents for x in PROCEDURES])
    factor = np.array([f.price_factor for f in w.facilities])
    units = 1 + (rng.random(n) * max_units[proc]).astype(np.int64)
    unit_price = np.round(price[proc] * factor[pop.facility[acc]]).astype(np.int64)
    cents = unit_price * units
    svc_off = (rng.random(n) * (pop.los[acc] + 1)).astype(np.int64)
    lag = rng.choice(len(LAG_PROBS), n, p=LAG_PROBS)
    credit = (~first_of_acc) & (rng.random(n) < 0.025)
    credit &= ~np.r_[False, credit[:-1]]
    ci = np.nonzero(credit)[0]
    pi = ci - 1
    proc[ci] = proc[pi]
    svc_off[ci] = svc_off[pi]
    lag[ci] = lag[pi]
    cents[ci] = -(cents[pi] // 2)
    units[ci] = -1
    service = pop.created[acc] + svc_off
    post = service + lag
    on_time = post <= pop.created[acc] + pop.los[acc] + 2

    lines = pl.DataFrame({
        "acc": acc, "proc": proc, "units": units, "cents": cents, "service": service,
        "post": post, "credit": credit, "grp_post": np.where(on_time, -10**6, post),
    })
    # charge ids in posting order
    lines = lines.with_row_index("src").sort("post", "acc", "src").with_row_index("line")
    claims = (
        lines.group_by("acc", "grp_post", maintain_order=True)
        .agg(pl.col("post").max().alias("max_post"), pl.col("cents").sum().alias("total"),
             pl.col("service").min().alias("svc_from"), pl.col("service").max().alias("svc_to"))
    )
    b = np.where(claims["grp_post"].to_numpy() < -10**5,
                 rng.integers(1, 3, claims.height), rng.integers(1, 4, claims.height))
    claims = claims.with_columns((pl.col("max_post") + pl.Series(b)).alias("sub"))
    claims = claims.sort("sub", "acc", "grp_post").with_row_index("claim")
    lines = lines.join(claims.select("acc", "grp_post", "claim", "sub"), on=["acc", "grp_post"],
                       how="left").sort("line")
    w.counters["charge"] = lines.height
    w.counters["claim"] = claims.height
    _add_charge_rows(w, pop, lines)
    _add_claim_rows(w, pop, claims)
    fac_ids = pl.Series([f.facility_id for f in w.facilities])
    w.charge_frames.append(pl.DataFrame({
        "facility_id": fac_ids.gather(pop.facility[lines["acc"].to_numpy()]),
        "post_day": lines["post"],
        "cents": lines["cents"],
    }))
    return Encounters(lines.select("line", "acc", "claim", "proc", "units", "cents", "service",
                                   "post", "credit"),
                      claims.select("claim", "acc", "total", "sub", "svc_from", "svc_to"))


def _add_charge_rows(w: World, pop: Population, lines: pl.DataFrame) -> None:
    fac_ids = pl.Series([f.facility_id for f in w.facilities])
    cpts = pl.Series([x.cpt for x in PROCEDURES])
    revs = pl.Series([x.revenue_code for x in PROCEDURES])
    base = lines.with_columns(
        zid("CH", pl.col("line") + 1, 9).alias("charge_id"),
        zid("A", pl.col("acc") + 1, 8).alias("account_id"),
        fac_ids.gather(pop.facility[lines["acc"].to_numpy()]).alias("facility_id"),
        date_expr(w.start, "service").alias("service_date"),
        date_expr(w.start, "post").alias("post_date"),
        cpts.gather(lines["proc"]).alias("cpt_code"),
        revs.gather(lines["proc"]).alias("revenue_code"),
        pl.col("units").cast(pl.String).alias("units_s"),
        money_expr("cents").alias("amount"),
    )
    new = base.with_columns(
        pl.lit(None, pl.String).alias("claim_id"),
        pl.max_horizontal(pl.col("post"), pl.lit(0)).alias("_day"),
        pl.lit(0).alias("_ord"))
    billed = base.with_columns(
        zid("CL", pl.col("claim") + 1, 8).alias("claim_id"),
        pl.max_horizontal(pl.col("sub"), pl.lit(0)).alias("_day"),
        pl.lit(1).alias("_ord"))
    cols = ["charge_id", "account_id", "claim_id", "facility_id", "service_date", "post_date",
            "cpt_code", "revenue_code", "units", "amount", "_day", "_ord"]
    for part in (new, billed):
        part = part.filter(pl.col("_day") < w.days).with_columns(pl.col("units_s").alias("units"))
        w.frames["charges"].append(part.select(cols))


def _add_claim_rows(w: World, pop: Population, claims: pl.DataFrame) -> None:
    fac_ids = pl.Series([f.facility_id for f in w.facilities])
    payer_ids = pl.Series([x.payer_id for x in w.payers])
    accs = claims["acc"].to_numpy()
    out = claims.with_columns(
        zid("CL", pl.col("claim") + 1, 8).alias("claim_id"),
        zid("A", pl.col("acc") + 1, 8).alias("account_id"),
        payer_ids.gather(pop.payer[accs]).alias("payer_id"),
        fac_ids.gather(pop.facility[accs]).alias("facility_id"),
        money_expr("total").alias("total_charge"),
        date_expr(w.start, "sub").alias("submitted_date"),
        pl.lit("SUBMITTED").alias("status"),
        pl.max_horizontal(pl.col("sub"), pl.lit(0)).alias("_day"),
        pl.lit(0).alias("_ord"),
    ).filter(pl.col("_day") < w.days)
    w.frames["claims"].append(out.select(
        "claim_id", "account_id", "payer_id", "facility_id", "total_charge", "submitted_date",
        "status", "_day", "_ord"))
