-- REMIT_UNBALANCED, key TRN02 (CONTRACT §3): over the TRN02 group,
-- BPR02 - (sum of CLP04 - sum of PLB amounts) <> 0 (a positive PLB amount reduces the
-- payment). Amount: that difference.
SELECT 'REMIT_UNBALANCED' AS exception_type,
       t.trn02 AS entity_key,
       t.bpr02 - (t.clp_paid - t.plb_total) AS amount,
       {'trn02': t.trn02,
        'level': 'transaction',
        'bpr02': t.bpr02,
        'clp04_total': t.clp_paid,
        'plb_total': t.plb_total,
        'difference': t.bpr02 - (t.clp_paid - t.plb_total)} AS details
FROM rc_trn AS t
WHERE t.bpr02 - (t.clp_paid - t.plb_total) <> 0
