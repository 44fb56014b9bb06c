-- Charge lines as of D: the current version of every charge_id (CONTRACT §1).
-- Charges are never deleted; post_date is filtered by each rule/KPI, not here.
SELECT charge_id, account_id, claim_id, facility_id, service_date, post_date, amount,
       business_date, file_name, file_line
FROM raw.charges_asof($d)
