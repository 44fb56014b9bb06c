-- Billing accounts (encounters) as of D.
SELECT account_id, patient_id, referral_id, facility_id, payer_id, created_date,
       business_date, file_name, file_line
FROM raw.accounts_asof($d)
