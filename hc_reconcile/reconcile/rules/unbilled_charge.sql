-- UNBILLED_CHARGE, key charge_id (CONTRACT §3): claim_id is null and D - post_date > N.
-- Amount: the charge amount (credit lines negative).
SELECT 'UNBILLED_CHARGE' AS exception_type,
       c.charge_id AS entity_key,
       c.amount AS amount,
       {'charge_id': c.charge_id,
        'account_id': c.account_id,
        'facility_id': c.facility_id,
        'service_date': c.service_date,
        'post_date': c.post_date,
        'days_unbilled': $d - c.post_date,
        'threshold_days': $unbilled_charge_days,
        'amount': c.amount,
        'business_date': c.business_date,
        'file_name': c.file_name,
        'file_line': c.file_line} AS details
FROM rc_charges AS c
WHERE c.claim_id IS NULL
  AND $d - c.post_date > $unbilled_charge_days
