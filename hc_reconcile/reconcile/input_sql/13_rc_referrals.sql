-- CRM referrals as of D (a CRM merge re-sends a referral under the surviving patient_id).
SELECT referral_id, patient_id, first_name, last_name, birth_date, referral_date, status,
       accepted_date, business_date, file_name, file_line
FROM raw.referrals_asof($d)
