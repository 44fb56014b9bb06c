-- POSTING_WITHOUT_REMIT, key claim_id (CONTRACT §3): PAYMENT postings exist, no CLP at all
-- for the claim, and D - earliest PAYMENT post_date > N. Amount: posted (PAYMENT + REVERSAL).
SELECT 'POSTING_WITHOUT_REMIT' AS exception_type,
       p.claim_id AS entity_key,
       p.posted AS amount,
       {'claim_id': p.claim_id,
        'posted': p.posted,
        'first_payment_date': p.first_payment_date,
        'days_since_first_payment': $d - p.first_payment_date,
        'threshold_days': $posting_without_remit_days} AS details
FROM rc_claim_posting AS p
WHERE p.payment_count > 0
  AND NOT EXISTS (SELECT 1 FROM rc_claim_remit AS r WHERE r.claim_id = p.claim_id)
  AND $d - p.first_payment_date > $posting_without_remit_days
