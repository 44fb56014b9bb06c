-- UNAPPLIED_CASH, key GL reference (CONTRACT §3): cash lines with source PAYER_EFT and this
-- reference exist, no loaded TRN02 (any payer) equals it, and D - their earliest
-- posting_date > N. Amount: sum of those PAYER_EFT lines.
SELECT 'UNAPPLIED_CASH' AS exception_type,
       g.reference AS entity_key,
       g.eft_total AS amount,
       {'reference': g.reference,
        'payer_eft_total': g.eft_total,
        'first_posting_date': g.eft_first_date,
        'days_unapplied': $d - g.eft_first_date,
        'threshold_days': $unapplied_cash_days,
        'cash_account': $cash} AS details
FROM rc_cash_ref AS g
WHERE g.eft_lines > 0
  AND NOT EXISTS (SELECT 1 FROM rc_trn AS t WHERE t.trn02 = g.reference)
  AND $d - g.eft_first_date > $unapplied_cash_days
