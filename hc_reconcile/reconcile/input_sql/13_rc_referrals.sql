-- CRM referrals as of D (a CRM merge re-sends a referral under the surviving patient_id).
-- Details fetch the file name from raw.referrals through the lineage.
SELECT referral_id, patient_id, first_name, last_name, birth_date, status, accepted_date,
       business_date, file_seq, file_line
FROM raw.referrals_asof($d)
