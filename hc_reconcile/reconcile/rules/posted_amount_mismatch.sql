-- POSTED_AMOUNT_MISMATCH, key claim_id (CONTRACT §3): PAYMENT/REVERSAL postings and at
-- least one CLP exist, net paid <> posted, and D - latest received date of its CLPs > N.
-- Amount: net paid - posted (positive = under-posted).
SELECT 'POSTED_AMOUNT_MISMATCH' AS exception_type,
       p.claim_id AS entity_key,
       r.net_paid - p.posted AS amount,
       {'claim_id': p.claim_id,
        'net_paid': r.net_paid,
        'posted': p.posted,
        'difference': r.net_paid - p.posted,
        'latest_received': r.last_received,
        'days_since_latest_remit': $d - r.last_received,
        'threshold_days': $posted_amount_mismatch_days} AS details
FROM rc_claim_posting AS p
JOIN rc_claim_remit AS r USING (claim_id)
WHERE p.pay_rev_count > 0
  AND r.net_paid <> p.posted
  AND $d - r.last_received > $posted_amount_mismatch_days
