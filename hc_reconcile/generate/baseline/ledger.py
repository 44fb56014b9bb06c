"""ERP general-ledger lines: cash receipts, contractual allowances, patient
payments, vendor payments and (after the stories ran) daily revenue.

Revenue is booked per facility and posting date as one 4000 credit equal to the
charges of that facility and date (credit lines included), with the A/R debit;
so REVENUE_GL_VARIANCE finds nothing unless a story alters it.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from hc_reconcile.generate.baseline.remits import Remits
from hc_reconcile.generate.contract import (
    ACCOUNT_AR,
    ACCOUNT_CASH,
    ACCOUNT_CONTRACTUAL,
    ACCOUNT_REVENUE,
    GL_JOURNAL,
)
from hc_reconcile.generate.fmt import date_expr, iso, money, money_expr, zid
from hc_reconcile.generate.world import RevenueMod, World

ENTITY = "HCS01"
GL_COLS = list(GL_JOURNAL.columns)


def _gl_frame(w: World, df: pl.DataFrame, ord_: int) -> pl.DataFrame:
    """df: journal (int), line_no, account, cost_center, day, cents, reference, source,
    description, _day -> contract columns."""
    return df.select(
        zid("JE", pl.col("journal"), 8).alias("journal_id"),
        pl.col("line_no").cast(pl.String),
        pl.lit(ENTITY).alias("entity_id"),
        pl.col("account"),
        pl.col("cost_center"),
        date_expr(w.start, "day").alias("posting_date"),
        money_expr("cents").alias("amount"),
        pl.lit("USD").alias("currency"),
        pl.col("reference"),
        pl.col("source"),
        pl.col("description"),
        pl.col("_day"),
        pl.lit(ord_).alias("_ord"),
    )


def add_ledger_lines(w: World, rem: Remits) -> None:
    _cash_lines(w, rem.txns)
    _contractual_lines(w, rem.adjustments)
    _patient_and_vendor_lines(w)


def _cash_lines(w: World, txns: pl.DataFrame) -> None:
    rng = w.rng
    names = pl.Series([f"ACH RECEIPT {x.name}" for x in w.payers])
    t = txns.filter(pl.col("bpr02") > 0)
    n = t.height
    lag = rng.choice(3, n, p=[0.5, 0.35, 0.15])
    split = (rng.random(n) < 0.1) & (t["bpr02"].to_numpy() >= 200)
    part = np.round(t["bpr02"].to_numpy() * rng.uniform(0.3, 0.7, n)).astype(np.int64)
    t = t.with_columns(
        (pl.col("recv") + pl.Series(lag)).alias("day"),
        pl.Series("split", split),
        pl.Series("part", part),
        names.gather(t["payer"]).alias("description"),
    ).filter(pl.col("day") < w.days).sort("day", "trn02")
    first = w.take("journal", t.height)
    t = t.with_row_index("journal", offset=first + 1)
    base = t.with_columns(pl.col("day").alias("_day"), pl.lit(None, pl.String).alias("cost_center"),
                          pl.col("trn02").alias("reference"), pl.lit("PAYER_EFT").alias("source"))
    lines = pl.concat([
        base.with_columns(pl.lit(1).alias("line_no"), pl.lit(ACCOUNT_CASH).alias("account"),
                          pl.when(pl.col("split")).then(pl.col("part"))
                          .otherwise(pl.col("bpr02")).alias("cents")),
        base.filter(pl.col("split")).with_columns(
            pl.lit(2).alias("line_no"), pl.lit(ACCOUNT_CASH).alias("account"),
            (pl.col("bpr02") - pl.col("part")).alias("cents")),
        base.with_columns(pl.when(pl.col("split")).then(3).otherwise(2).alias("line_no"),
                          pl.lit(ACCOUNT_AR).alias("account"), (-pl.col("bpr02")).alias("cents"),
                          pl.lit("APPLY PAYER EFT TO PATIENT A/R").alias("description")),
    ], how="diagonal_relaxed").sort("journal", "line_no")
    w.frames["gl_journal"].append(_gl_frame(w, lines, 1))


def _contractual_lines(w: World, adj: pl.DataFrame) -> None:
    first = w.take("journal", adj.height)
    a = adj.with_row_index("journal", offset=first + 1).with_columns(
        pl.col("post_day").alias("day"), pl.col("post_day").alias("_day"),
        pl.col("facility_id").alias("cost_center"), pl.lit("CO-45").alias("reference"),
        pl.lit("ADJUSTMENT").alias("source"))
    lines = pl.concat([
        a.with_columns(pl.lit(1).alias("line_no"), pl.lit(ACCOUNT_CONTRACTUAL).alias("account"),
                       pl.lit("CONTRACTUAL ALLOWANCE").alias("description")),
        a.with_columns(pl.lit(2).alias("line_no"), pl.lit(ACCOUNT_AR).alias("account"),
                       (-pl.col("cents")).alias("cents"),
                       pl.lit("CONTRACTUAL ALLOWANCE A/R").alias("description")),
    ]).sort("journal", "line_no")
    w.frames["gl_journal"].append(_gl_frame(w, lines, 2))


def _patient_and_vendor_lines(w: World) -> None:
    rng = w.rng
    per_day = max(2, round(w.params.accounts_per_day / 4))
    rows: list[dict[str, object]] = []
    for day in range(w.days):
        amounts = rng.integers(1000, 30001, per_day)
        pp_journal = w.take("journal") + 1
        first_receipt = w.take("receipt", per_day)
        for i, cents in enumerate(amounts):
            rows.append({"journal": pp_journal, "line_no": i + 1, "account": ACCOUNT_CASH,
                         "cost_center": None, "day": day, "cents": int(cents),
                         "reference": f"PP{first_receipt + i + 1:08d}",
                         "source": "PATIENT_PAYMENT", "description": "PATIENT PAYMENT LOCKBOX"})
        rows.append({"journal": pp_journal, "line_no": per_day + 1, "account": ACCOUNT_AR,
                     "cost_center": None, "day": day, "cents": -int(amounts.sum()),
                     "reference": f"LOCKBOX-{iso(w.start, day)}", "source": "PATIENT_PAYMENT",
                     "description": "LOCKBOX APPLY"})
        ap_journal = w.take("journal") + 1
        vendor = int(rng.integers(50000, 2500000))
        ref = f"AP-{ap_journal:07d}"
        rows.append({"journal": ap_journal, "line_no": 1, "account": ACCOUNT_CASH,
                     "cost_center": None, "day": day, "cents": -vendor, "reference": ref,
                     "source": "OTHER", "description": "VENDOR PAYMENT"})
        rows.append({"journal": ap_journal, "line_no": 2, "account": "2000",
                     "cost_center": None, "day": day, "cents": vendor, "reference": ref,
                     "source": "OTHER", "description": "ACCOUNTS PAYABLE"})
    df = pl.DataFrame(rows, schema={
        "journal": pl.Int64, "line_no": pl.Int64, "account": pl.String, "cost_center": pl.String,
        "day": pl.Int64, "cents": pl.Int64, "reference": pl.String, "source": pl.String,
        "description": pl.String})
    w.frames["gl_journal"].append(_gl_frame(w, df.with_columns(pl.col("day").alias("_day")), 3))


def add_revenue_lines(w: World) -> None:
    """Daily revenue per facility from every true charge, then the stories' changes."""
    charges = pl.concat([
        *w.charge_frames,
        pl.DataFrame(w.story_charges, schema={"facility_id": pl.String, "post_day": pl.Int64,
                                              "cents": pl.Int64}, orient="row"),
    ])
    rev = (charges.group_by("facility_id", "post_day").agg(pl.col("cents").sum())
           .filter(pl.col("cents") != 0)
           .with_columns(pl.max_horizontal(pl.col("post_day"), pl.lit(0)).alias("_day"))
           .filter(pl.col("_day") < w.days).sort("post_day", "facility_id"))
    first = w.take("journal", rev.height)
    rev = rev.with_row_index("journal", offset=first + 1)
    mods = {(m.facility_id, m.day): m for m in w.revenue_mods}
    mod_df = pl.DataFrame({"facility_id": [f for f, _ in mods], "post_day": [d for _, d in mods]},
                          schema={"facility_id": pl.String, "post_day": pl.Int64})
    rev = rev.join(mod_df.with_columns(pl.lit(True).alias("modded")),
                   on=["facility_id", "post_day"], how="left")
    rev = rev.with_columns(pl.col("modded").fill_null(False))
    base = rev.filter(~pl.col("modded")).with_columns(
        pl.col("post_day").alias("day"), pl.col("facility_id").alias("cost_center"),
        pl.concat_str([pl.lit("CHG-"), pl.col("facility_id")]).alias("reference"),
        pl.lit("REVENUE").alias("source"))
    lines = pl.concat([
        base.with_columns(pl.lit(1).alias("line_no"), pl.lit(ACCOUNT_REVENUE).alias("account"),
                          (-pl.col("cents")).alias("cents"),
                          pl.lit("PATIENT SERVICE REVENUE").alias("description")),
        base.with_columns(pl.lit(2).alias("line_no"), pl.lit(ACCOUNT_AR).alias("account"),
                          pl.lit("PATIENT A/R").alias("description")),
    ]).sort("journal", "line_no")
    w.frames["gl_journal"].append(_gl_frame(w, lines, 0))
    for row in rev.filter(pl.col("modded")).iter_rows(named=True):
        fac, day = str(row["facility_id"]), int(row["post_day"])
        _modified_revenue(w, fac=fac, day=day, cents=int(row["cents"]),
                          journal=f"JE{int(row['journal']):08d}", mod=mods[(fac, day)])
    for fac, day in mods:
        if rev.filter((pl.col("facility_id") == fac) & (pl.col("post_day") == day)).height == 0:
            raise ValueError(f"revenue change for {fac} {day} has no charges to book")


def _modified_revenue(w: World, *, fac: str, day: int, cents: int, journal: str,
                      mod: RevenueMod) -> None:
    deliver = day
    cost_center: str | None = fac
    delta = 0
    if mod.kind == "deliver_on":
        deliver = int(mod.value or 0)
    elif mod.kind == "cost_center":
        cost_center = None if mod.value is None else str(mod.value)
    elif mod.kind in ("amount_delta", "correct_on"):
        delta = int(mod.value or 0)

    def line(no: int, account: str, amount: int, desc: str) -> dict[str, str | None]:
        return {"journal_id": journal, "line_no": str(no), "entity_id": ENTITY, "account": account,
                "cost_center": cost_center, "posting_date": iso(w.start, day),
                "amount": money(amount), "currency": "USD", "reference": f"CHG-{fac}",
                "source": "REVENUE", "description": desc}

    w.add_row(deliver, "gl_journal", line(1, ACCOUNT_REVENUE, -cents + delta,
                                          "PATIENT SERVICE REVENUE"))
    w.add_row(deliver, "gl_journal", line(2, ACCOUNT_AR, cents - delta, "PATIENT A/R"))
    if mod.kind == "correct_on" and mod.extra_day is not None:
        w.add_row(mod.extra_day, "gl_journal",
                  line(1, ACCOUNT_REVENUE, -cents, "PATIENT SERVICE REVENUE (CORRECTED)"))
        w.add_row(mod.extra_day, "gl_journal", line(2, ACCOUNT_AR, cents, "PATIENT A/R (CORRECTED)"))
