"""Remittances of the baseline: adjudication, 835 transactions, postings, claim status.

Every claim is adjudicated by its primary payer 5-14 days after submission:
full pay (contractual CO-45), partial pay (patient responsibility PR-1/PR-2),
zero pay to the deductible, denial (CLP02=4), or a payment that is later
reversed (CLP02=22) and re-paid in one transaction.  Partial pays of accounts
with a secondary payer get a secondary payment (CLP02=2) a few days later.
Every claim balances (CLP03 - CLP04 - CAS = 0) and every transaction balances
(BPR02 = CLP04 - PLB).  Billing posts each remittance within 3 days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from hc_reconcile.generate.baseline.encounters import Encounters
from hc_reconcile.generate.baseline.population import Population, member_id_expr
from hc_reconcile.generate.catalog import FIRST_NAMES, LAST_NAMES, PROCEDURES, ascii_upper
from hc_reconcile.generate.fmt import date_expr, money_expr, x12_date, zid
from hc_reconcile.generate.world import World
from hc_reconcile.generate.x12 import build_txn

FULL, PARTIAL, ZERO, DENIED, REVERSED = 0, 1, 2, 3, 4
PRI, REV, SEC = 0, 1, 2


@dataclass
class Remits:
    txns: pl.DataFrame  # txn, payer, recv, trn02, bpr02 (cents)
    adjustments: pl.DataFrame  # facility_id, post_day, cents


def segx(*parts: str | pl.Expr) -> pl.Expr:
    exprs = [pl.lit(p) if isinstance(p, str) else p for p in parts]
    return pl.concat_str([pl.concat_str(exprs, separator="*"), pl.lit("~")])


def _opt(cond: pl.Expr, text: pl.Expr) -> pl.Expr:
    return pl.when(cond).then(text).otherwise(pl.lit(""))


def simulate_remits(w: World, pop: Population, enc: Encounters) -> Remits:
    rng = w.rng
    c = enc.claims
    nc = c.height
    accs = c["acc"].to_numpy()
    payer = pop.payer[accs]
    total = c["total"].to_numpy()
    sub = c["sub"].to_numpy()
    u = rng.random(nc)
    cat = np.select([u < 0.08, u < 0.12, u < 0.15, u < 0.50], [DENIED, REVERSED, ZERO, PARTIAL],
                    FULL)
    recv = sub + rng.integers(5, 15, nc)
    early = recv < 0
    recv[early] = rng.integers(0, 4, int(early.sum()))
    payer_ratio = np.array([x.allowed_ratio for x in w.payers])
    ratio = np.minimum(payer_ratio[payer] * rng.uniform(0.93, 1.05, nc), 0.9)
    ratio[rng.random(nc) < 0.03] = 1.0
    allowed = np.clip(np.round(total * ratio).astype(np.int64), 1, total)
    pr = np.where(cat == PARTIAL, np.round(allowed * rng.uniform(0.05, 0.3, nc)).astype(np.int64),
                  0)
    pr = np.where(cat == ZERO, allowed, pr)
    paid = np.where(cat == DENIED, 0, allowed - pr)
    co = np.where(cat == DENIED, total, total - allowed)
    sec_event = pop.has_sec[accs] & (cat == PARTIAL) & (pr > 0)
    clp02 = np.where(cat == DENIED, "4", np.where(sec_event & (rng.random(nc) < 0.5), "19", "1"))
    paid_sec = np.round(pr * 0.8).astype(np.int64)
    recv_sec = recv + rng.integers(4, 11, nc)
    recv_rev = recv + rng.integers(5, 11, nc)
    allowed2 = np.minimum(total, allowed + np.round(total * 0.05).astype(np.int64) + 100)
    reason = rng.choice(np.array(["50", "29", "197", "16"]), nc)
    svc_mode = rng.random(nc) < 0.7
    post_lag = rng.choice(4, (3, nc), p=[0.4, 0.3, 0.2, 0.1])

    claim = pl.DataFrame({
        "claim": c["claim"], "acc": accs, "total": total, "allowed": allowed, "pr": pr,
        "paid": paid, "co": co, "cat": cat, "clp02": clp02, "paid_sec": paid_sec,
        "allowed2": allowed2, "reason": reason, "svc_mode": svc_mode,
        "svc_from": c["svc_from"], "svc_to": c["svc_to"], "fac": pop.facility[accs],
        "pat": pop.patient[accs], "sub": sub,
    })
    names = _name_columns(w, pop, claim)
    claim = claim.with_columns(*names)
    events = pl.concat([
        claim.with_columns(pl.lit(PRI).alias("kind"), pl.Series(payer).alias("payer"),
                           pl.Series(recv).alias("recv"), pl.Series(post_lag[0]).alias("lag")),
        claim.with_columns(pl.lit(REV).alias("kind"), pl.Series(payer).alias("payer"),
                           pl.Series(recv_rev).alias("recv"), pl.Series(post_lag[1]).alias("lag"))
        .filter(pl.col("cat") == REVERSED),
        claim.with_columns(pl.lit(SEC).alias("kind"), pl.Series(pop.sec_payer[accs]).alias("payer"),
                           pl.Series(recv_sec).alias("recv"), pl.Series(post_lag[2]).alias("lag"))
        .filter(pl.Series(sec_event)),
    ]).filter(pl.col("recv") < w.days)
    events = _with_claim_text(w, enc, events)
    txns = _assign_transactions(w, events)
    adjustments = _add_postings(w, events, txns)
    _add_claim_status(w, events)
    return Remits(txns, adjustments)


def _name_columns(w: World, pop: Population, claim: pl.DataFrame) -> list[pl.Series]:
    pat = claim["pat"].to_numpy()
    firsts = np.asarray([ascii_upper(n) for n in FIRST_NAMES], dtype=object)
    lasts = np.asarray([ascii_upper(n) for n in LAST_NAMES], dtype=object)
    return [
        pl.Series(lasts[pop.last[pat]], dtype=pl.String).alias("nm_last"),
        pl.Series(firsts[pop.first[pat]], dtype=pl.String).alias("nm_first"),
    ]


def _with_claim_text(w: World, enc: Encounters, ev: pl.DataFrame) -> pl.DataFrame:
    payers = w.payers
    filing = pl.Series([x.filing for x in payers])
    bill = pl.Series([f.bill_type for f in w.facilities])
    ev = ev.with_columns(
        zid("CL", pl.col("claim") + 1, 8).alias("clp01"),
        filing.gather(ev["payer"]).alias("filing"),
        bill.gather(ev["fac"]).alias("bt"),
        zid("26", pl.col("claim") * 3 + pl.col("kind") + 7, 11).alias("pcn"),
        member_id_expr(pl.col("pat"), pl.col("payer")).alias("member"),
        date_expr(w.start, "svc_from", "%Y%m%d").alias("d_from"),
        date_expr(w.start, "svc_to", "%Y%m%d").alias("d_to"),
        date_expr(w.start, pl.col("sub") + 1, "%Y%m%d").alias("d_recv"),
        zid("A", pl.col("acc") + 1, 8).alias("acct"),
    )
    nm1 = segx("NM1", "QC", "1", pl.col("nm_last"), pl.col("nm_first"), "", "", "", "MI",
               pl.col("member"))
    dtm = pl.concat_str([segx("REF", "EA", pl.col("acct")), segx("DTM", "232", pl.col("d_from")),
                         segx("DTM", "233", pl.col("d_to")), segx("DTM", "050", pl.col("d_recv"))])
    tail = pl.concat_str([nm1, dtm])
    ded = pl.col("pr") // 2
    cas_pr = _opt(pl.col("pr") > 0, pl.when(ded > 0)
                  .then(segx("CAS", "PR", "1", money_expr(ded), "", "2",
                             money_expr(pl.col("pr") - ded)))
                  .otherwise(segx("CAS", "PR", "2", money_expr("pr"))))
    denied = pl.col("cat") == DENIED
    cas_claim = (pl.when(denied).then(segx("CAS", "CO", pl.col("reason"), money_expr("total")))
                 .when(~pl.col("svc_mode") & (pl.col("co") > 0))
                 .then(segx("CAS", "CO", "45", money_expr("co")))
                 .otherwise(pl.lit("")))

    def clp(clp02: pl.Expr | str, c03: pl.Expr, c04: pl.Expr, c05: pl.Expr) -> pl.Expr:
        return segx("CLP", pl.col("clp01"), clp02, money_expr(c03), money_expr(c04),
                    money_expr(c05), pl.col("filing"), pl.col("pcn"), pl.col("bt"), "1")

    pri_text = pl.concat_str([
        clp(pl.col("clp02"), pl.col("total"), pl.col("paid"), pl.col("pr")), cas_claim, cas_pr,
        tail, _opt(~denied, segx("AMT", "AU", money_expr("allowed"))), pl.col("svc_text")])
    sec_resp = pl.col("pr") - pl.col("paid_sec")
    sec_text = pl.concat_str([
        clp("2", pl.col("total"), pl.col("paid_sec"), sec_resp),
        _opt(pl.col("total") - pl.col("pr") > 0,
             segx("CAS", "OA", "23", money_expr(pl.col("total") - pl.col("pr")))),
        _opt(sec_resp > 0, segx("CAS", "PR", "2", money_expr(sec_resp))), tail])
    co2 = pl.col("total") - pl.col("allowed2")
    rev_text = pl.concat_str([
        clp("22", -pl.col("total"), -pl.col("paid"), pl.lit(0)),
        _opt(pl.col("co") > 0, segx("CAS", "CO", "45", money_expr(-pl.col("co")))), tail,
        clp("1", pl.col("total"), pl.col("allowed2"), pl.lit(0)),
        _opt(co2 > 0, segx("CAS", "CO", "45", money_expr(co2))), tail])

    svc = _svc_text(w, enc, ev.filter(pl.col("kind") == PRI))
    ev = ev.join(svc, on="claim", how="left").with_columns(pl.col("svc_text").fill_null(""))
    ev = ev.with_columns(
        pl.when(pl.col("kind") == PRI).then(pri_text)
        .when(pl.col("kind") == SEC).then(sec_text)
        .otherwise(rev_text).alias("text"),
        pl.when(pl.col("kind") == PRI).then(pl.col("paid"))
        .when(pl.col("kind") == SEC).then(pl.col("paid_sec"))
        .otherwise(pl.col("allowed2") - pl.col("paid")).alias("clp04_sum"),
    )
    return ev.with_columns(pl.col("text").str.count_matches("~", literal=True).alias("nseg"))


def _svc_text(w: World, enc: Encounters, pri: pl.DataFrame) -> pl.DataFrame:
    cpts = pl.Series([x.cpt for x in PROCEDURES])
    svc = (
        enc.lines.join(pri.select("claim", "total", "allowed", "paid", "svc_mode", "cat"),
                       on="claim", how="inner")
        .group_by("claim", "proc")
        .agg(pl.col("cents").sum().alias("amt"),
             pl.col("units").filter(pl.col("cents") > 0).sum().alias("units"),
             pl.col("service").min().alias("service"),
             pl.col("line").min().alias("first_line"),
             pl.col("total").first(), pl.col("allowed").first(), pl.col("paid").first(),
             pl.col("svc_mode").first(), pl.col("cat").first())
        .sort("claim", "proc")
    )
    a_f = pl.col("amt") * pl.col("allowed") // pl.col("total")
    p_f = pl.col("amt") * pl.col("paid") // pl.col("total")
    svc = svc.with_columns(a_f.alias("a_f"), p_f.alias("p_f"),
                           (pl.int_range(pl.len()).over("claim") == pl.len().over("claim") - 1)
                           .alias("is_last"))
    svc = svc.with_columns(
        (pl.col("a_f") + pl.when(pl.col("is_last"))
         .then(pl.col("allowed") - pl.col("a_f").sum().over("claim")).otherwise(0))
        .alias("allowed_i"),
        (pl.col("p_f") + pl.when(pl.col("is_last"))
         .then(pl.col("paid") - pl.col("p_f").sum().over("claim")).otherwise(0))
        .alias("paid_i"),
    )
    detailed = pl.col("svc_mode") & (pl.col("cat") != DENIED)
    co_i = pl.col("amt") - pl.col("allowed_i")
    text = pl.concat_str([
        segx("SVC", pl.concat_str([pl.lit("HC:"), cpts.gather(svc["proc"])]),
             money_expr("amt"), money_expr("paid_i"), "", pl.col("units").cast(pl.String)),
        segx("DTM", "472", date_expr(w.start, "service", "%Y%m%d")),
        _opt(detailed & (co_i > 0), segx("CAS", "CO", "45", money_expr(co_i))),
        segx("REF", "6R", zid("CH", pl.col("first_line") + 1, 9)),
        _opt(detailed, segx("AMT", "B6", money_expr("allowed_i"))),
    ])
    return (svc.with_columns(text.alias("t"))
            .group_by("claim", maintain_order=True).agg(pl.col("t").str.join("").alias("svc_text")))


def _assign_transactions(w: World, ev: pl.DataFrame) -> pl.DataFrame:
    k = w.params.claims_per_txn
    ev = ev.sort("recv", "payer", "clp01", "kind")
    ev = ev.with_columns((pl.int_range(pl.len()).over("recv", "payer") // k).alias("chunk"))
    tx = (ev.group_by("recv", "payer", "chunk", maintain_order=True)
          .agg(pl.col("text").str.join("").alias("body"), pl.col("nseg").sum().alias("nseg"),
               pl.col("clp04_sum").sum().alias("clp04")))
    n = tx.height
    rng = w.rng
    plb_kind = rng.choice(3, n, p=[0.87, 0.08, 0.05])  # none, L6 interest, WO offset
    interest = rng.integers(100, 2500, n)
    offset_frac = rng.uniform(0.02, 0.1, n)
    bpr16_lag = rng.choice(2, n, p=[0.6, 0.4])
    trn02s: list[str] = []
    bprs: list[int] = []
    for i, row in enumerate(tx.iter_rows(named=True)):
        payer = w.payers[row["payer"]]
        recv = row["recv"]
        plbs: list[tuple[str, int]] = []
        if plb_kind[i] == 1:
            plbs = [("L6", -int(interest[i]))]
        elif plb_kind[i] == 2 and row["clp04"] > 10000:
            ref = f"WO:OVP{(i * 7717) % 10**7:07d}"
            plbs = [(ref, int(row["clp04"] * offset_frac[i]))]
        trn02 = w.next_trn02()
        st02 = w.next_st02()
        bpr16 = None if payer.version == "00401" else x12_date(w.start, recv - int(bpr16_lag[i]))
        txn = build_txn(payer=payer, st02=st02, trn02=trn02, clps=[], plbs=plbs, bpr16=bpr16,
                        prod_date=x12_date(w.start, recv), fiscal_date=x12_date(w.start, recv),
                        body=row["body"], body_segments=row["nseg"], body_clp04=row["clp04"])
        txn.origin = "baseline"
        w.add_txn(payer, recv, txn)
        trn02s.append(trn02)
        bprs.append(row["clp04"] - sum(a for _, a in plbs))
    tx = tx.with_columns(pl.Series("trn02", trn02s, dtype=pl.String),
                         pl.Series("bpr02", bprs, dtype=pl.Int64))
    return tx.select("recv", "payer", "chunk", "trn02", "bpr02")


def _add_postings(w: World, ev: pl.DataFrame, txns: pl.DataFrame) -> pl.DataFrame:
    """Postings of every remittance; returns ADJUSTMENT sums per facility and day."""
    ev = ev.sort("recv", "payer", "clp01", "kind")
    ev = ev.with_columns((pl.int_range(pl.len()).over("recv", "payer") // w.params.claims_per_txn)
                         .alias("chunk"))
    ev = ev.join(txns.select("recv", "payer", "chunk", "trn02"), on=["recv", "payer", "chunk"],
                 how="left")
    ev = ev.with_columns((pl.col("recv") + pl.col("lag")).alias("post_day"))
    cols = ["clp01", "trn02", "post_day", "fac", "recv"]
    parts = [
        ev.filter((pl.col("kind") == REV) & (pl.col("paid") > 0)).select(
            *cols, pl.lit("REVERSAL").alias("ptype"), (-pl.col("paid")).alias("cents"),
            pl.lit(None, pl.String).alias("reason"), pl.lit(0).alias("seq")),
        ev.filter((pl.col("kind") == PRI) & (pl.col("paid") > 0)).select(
            *cols, pl.lit("PAYMENT").alias("ptype"), pl.col("paid").alias("cents"),
            pl.lit(None, pl.String).alias("reason"), pl.lit(1).alias("seq")),
        ev.filter(pl.col("kind") == REV).select(
            *cols, pl.lit("PAYMENT").alias("ptype"), pl.col("allowed2").alias("cents"),
            pl.lit(None, pl.String).alias("reason"), pl.lit(1).alias("seq")),
        ev.filter((pl.col("kind") == SEC) & (pl.col("paid_sec") > 0)).select(
            *cols, pl.lit("PAYMENT").alias("ptype"), pl.col("paid_sec").alias("cents"),
            pl.lit(None, pl.String).alias("reason"), pl.lit(1).alias("seq")),
        ev.filter((pl.col("kind") == PRI) & (pl.col("cat") != DENIED) & (pl.col("co") > 0)).select(
            *cols, pl.lit("ADJUSTMENT").alias("ptype"), pl.col("co").alias("cents"),
            pl.lit("CO-45").alias("reason"), pl.lit(2).alias("seq")),
    ]
    p = pl.concat(parts).sort("post_day", "clp01", "seq").filter(pl.col("post_day") < w.days)
    first = w.take("posting", p.height)
    p = p.with_row_index("n", offset=first + 1)
    w.frames["postings"].append(p.select(
        zid("PS", pl.col("n"), 9).alias("posting_id"),
        pl.col("clp01").alias("claim_id"),
        pl.col("ptype").alias("posting_type"),
        money_expr("cents").alias("amount"),
        date_expr(w.start, "post_day").alias("post_date"),
        pl.col("trn02").alias("trace_number"),
        pl.col("reason").alias("group_reason"),
        pl.col("post_day").alias("_day"),
        pl.lit(0).alias("_ord"),
    ))
    fac_ids = pl.Series([f.facility_id for f in w.facilities])
    adj = p.filter(pl.col("ptype") == "ADJUSTMENT")
    return (adj.select(fac_ids.gather(adj["fac"]).alias("facility_id"), "post_day", "cents")
            .group_by("facility_id", "post_day").agg(pl.col("cents").sum())
            .sort("post_day", "facility_id"))


def _add_claim_status(w: World, ev: pl.DataFrame) -> None:
    """Billing re-sends each claim with its adjudication status the day after the 835."""
    status = (pl.when(pl.col("cat") == DENIED).then(pl.lit("DENIED"))
              .when(pl.col("cat") == PARTIAL).then(pl.lit("PARTIALLY PAID"))
              .when(pl.col("cat") == ZERO).then(pl.lit("PATIENT RESPONSIBILITY"))
              .otherwise(pl.lit("PAID")))
    pri = (ev.filter(pl.col("kind") == PRI).with_columns((pl.col("recv") + 1).alias("_day"))
           .filter(pl.col("_day") < w.days).sort("_day", "clp01"))
    fac_ids = pl.Series([f.facility_id for f in w.facilities])
    payer_ids = pl.Series([x.payer_id for x in w.payers])
    w.frames["claims"].append(pri.select(
        pl.col("clp01").alias("claim_id"),
        zid("A", pl.col("acc") + 1, 8).alias("account_id"),
        payer_ids.gather(pri["payer"]).alias("payer_id"),
        fac_ids.gather(pri["fac"]).alias("facility_id"),
        money_expr("total").alias("total_charge"),
        date_expr(w.start, "sub").alias("submitted_date"),
        status.alias("status"),
        pl.col("_day"),
        pl.lit(1).alias("_ord"),
    ))
