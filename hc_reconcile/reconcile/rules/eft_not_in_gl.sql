-- EFT_NOT_IN_GL, key TRN02 (CONTRACT §3): the TRN02 group's BPR02 > 0, no cash line (any
-- source, posting_date <= D) has reference = TRN02, and D - max(latest received date,
-- latest BPR16) > N. Amount: BPR02.
SELECT 'EFT_NOT_IN_GL' AS exception_type,
       t.trn02 AS entity_key,
       t.bpr02 AS amount,
       {'trn02': t.trn02,
        'bpr02': t.bpr02,
        'cash_account': $cash,
        'latest_received': t.last_received,
        'latest_bpr16': t.last_bpr16,
        'days_waiting': $d - greatest(t.last_received, coalesce(t.last_bpr16, t.last_received)),
        'threshold_days': $eft_not_in_gl_days} AS details
FROM rc_trn AS t
WHERE t.bpr02 > 0
  AND NOT EXISTS (SELECT 1 FROM rc_cash_ref AS g WHERE g.reference = t.trn02)
  AND $d - greatest(t.last_received, coalesce(t.last_bpr16, t.last_received))
      > $eft_not_in_gl_days
