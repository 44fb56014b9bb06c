-- Claims as of D. "Claim exists" = its claim_id is in this table (CONTRACT §3).
SELECT claim_id, account_id, total_charge, submitted_date
FROM raw.claims_asof($d)
