-- REFERRAL_WITHOUT_ACCOUNT, key referral_id (CONTRACT §3): status Accepted, accepted_date not
-- null, no account (as of D) with that referral_id, and D - accepted_date > N. Amount: 0.
WITH hit AS (
    SELECT *
    FROM rc_referrals AS r
    WHERE r.status = 'Accepted'
      AND r.accepted_date IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM rc_accounts AS a WHERE a.referral_id = r.referral_id)
      AND $d - r.accepted_date > $referral_without_account_days
)
SELECT 'REFERRAL_WITHOUT_ACCOUNT' AS exception_type,
       h.referral_id AS entity_key,
       0.00::DECIMAL(18,2) AS amount,
       {'referral_id': h.referral_id,
        'patient_id': h.patient_id,
        'accepted_date': h.accepted_date,
        'days_without_account': $d - h.accepted_date,
        'threshold_days': $referral_without_account_days,
        'business_date': h.business_date,
        'file_name': r.file_name,
        'file_line': h.file_line} AS details
FROM hit AS h
JOIN raw.referrals AS r
  ON  r.business_date = h.business_date
  AND r.file_seq = h.file_seq
  AND r.file_line = h.file_line
  AND r.referral_id = h.referral_id
