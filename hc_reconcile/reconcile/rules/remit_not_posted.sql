-- REMIT_NOT_POSTED, key claim_id (CONTRACT §3): the claim exists, net paid <> 0, it has no
-- PAYMENT/REVERSAL posting, and D - received date of its earliest CLP with CLP04 <> 0 > N
-- (a zero-pay denial does not start the clock). Amount: net paid.
SELECT 'REMIT_NOT_POSTED' AS exception_type,
       r.claim_id AS entity_key,
       r.net_paid AS amount,
       {'claim_id': r.claim_id,
        'net_paid': r.net_paid,
        'posted': 0.00::DECIMAL(18,2),
        'clock_start': r.first_paid_received,
        'days_waiting': $d - r.first_paid_received,
        'threshold_days': $remit_not_posted_days} AS details
FROM rc_claim_remit AS r
JOIN rc_claims AS c USING (claim_id)
LEFT JOIN rc_claim_posting AS p USING (claim_id)
WHERE r.net_paid <> 0
  AND coalesce(p.pay_rev_count, 0) = 0
  AND $d - r.first_paid_received > $remit_not_posted_days
