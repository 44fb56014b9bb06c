-- Claims as of D. "Claim exists" = its claim_id is in this table (CONTRACT §3).
SELECT claim_id, account_id, payer_id, facility_id, total_charge, submitted_date, status,
       business_date, file_name, file_line
FROM raw.claims_asof($d)
