-- UNBILLED_CHARGE, key charge_id (CONTRACT §3): claim_id is null and D - post_date > N.
-- Amount: the charge amount (credit lines negative). Details add the row's account and
-- file from raw.charges through its lineage.
WITH hit AS (
    SELECT *
    FROM rc_charges
    WHERE claim_id IS NULL
      AND $d - post_date > $unbilled_charge_days
)
SELECT 'UNBILLED_CHARGE' AS exception_type,
       h.charge_id AS entity_key,
       h.amount AS amount,
       {'charge_id': h.charge_id,
        'account_id': r.account_id,
        'facility_id': h.facility_id,
        'cpt_code': r.cpt_code,
        'service_date': h.service_date,
        'post_date': h.post_date,
        'days_unbilled': $d - h.post_date,
        'threshold_days': $unbilled_charge_days,
        'amount': h.amount,
        'business_date': h.business_date,
        'file_name': r.file_name,
        'file_line': h.file_line} AS details
FROM hit AS h
JOIN raw.charges AS r
  ON  r.business_date = h.business_date
  AND r.file_seq = h.file_seq
  AND r.file_line = h.file_line
  AND r.charge_id = h.charge_id
