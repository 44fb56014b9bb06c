-- EFT_AMOUNT_MISMATCH, key TRN02 (CONTRACT §3): cash lines (any source, posting_date <= D)
-- with reference = TRN02 exist and their sum <> the group's BPR02. Amount: BPR02 - sum.
-- Several cash lines for one TRN02 (a split EFT) are summed first.
SELECT 'EFT_AMOUNT_MISMATCH' AS exception_type,
       t.trn02 AS entity_key,
       t.bpr02 - g.cash_total AS amount,
       {'trn02': t.trn02,
        'bpr02': t.bpr02,
        'cash_total': g.cash_total,
        'difference': t.bpr02 - g.cash_total,
        'cash_account': $cash} AS details
FROM rc_trn AS t
JOIN rc_cash_ref AS g ON g.reference = t.trn02
WHERE g.cash_total <> t.bpr02
