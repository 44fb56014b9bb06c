-- REFERRAL_WITHOUT_ACCOUNT, key referral_id (CONTRACT §3): status Accepted, accepted_date not
-- null, no account (as of D) with that referral_id, and D - accepted_date > N. Amount: 0.
SELECT 'REFERRAL_WITHOUT_ACCOUNT' AS exception_type,
       r.referral_id AS entity_key,
       0.00::DECIMAL(18,2) AS amount,
       {'referral_id': r.referral_id,
        'patient_id': r.patient_id,
        'accepted_date': r.accepted_date,
        'days_without_account': $d - r.accepted_date,
        'threshold_days': $referral_without_account_days,
        'business_date': r.business_date,
        'file_name': r.file_name,
        'file_line': r.file_line} AS details
FROM rc_referrals AS r
WHERE r.status = 'Accepted'
  AND r.accepted_date IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM rc_accounts AS a WHERE a.referral_id = r.referral_id)
  AND $d - r.accepted_date > $referral_without_account_days
