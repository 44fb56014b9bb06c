-- Per TRN02 group (every loaded transaction with that TRN02): summed BPR02, CLP04 and PLB
-- amounts, latest received date and latest BPR16 (CONTRACT §3).
WITH txn AS (
    SELECT trn02,
           sum(bpr02) AS bpr02,
           count(*) AS txn_count,
           max(received_date) AS last_received,
           max(bpr16) AS last_bpr16
    FROM rc_txn
    GROUP BY trn02
), clp AS (
    SELECT trn02, coalesce(sum(paid_amount), 0) AS clp_paid, count(*) AS clp_count
    FROM rc_clp
    GROUP BY trn02
), plb AS (
    SELECT trn02, sum(amount) AS plb_total, count(*) AS plb_count
    FROM remit.provider_adjustments
    WHERE business_date <= $d
    GROUP BY trn02
)
SELECT txn.trn02,
       CAST(txn.bpr02 AS DECIMAL(18,2)) AS bpr02,
       txn.txn_count,
       txn.last_received,
       txn.last_bpr16,
       CAST(coalesce(clp.clp_paid, 0) AS DECIMAL(18,2)) AS clp_paid,
       coalesce(clp.clp_count, 0) AS clp_count,
       CAST(coalesce(plb.plb_total, 0) AS DECIMAL(18,2)) AS plb_total,
       coalesce(plb.plb_count, 0) AS plb_count
FROM txn
LEFT JOIN clp USING (trn02)
LEFT JOIN plb USING (trn02)
