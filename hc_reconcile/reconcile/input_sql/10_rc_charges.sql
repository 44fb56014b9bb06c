-- Charge lines as of D: the current version of every charge_id (CONTRACT §1). Charges are
-- never deleted; post_date is filtered by each rule/KPI, not here. Only the columns the
-- rules and KPIs read are kept (this is the largest input); a rule's details fetch the rest
-- from raw.charges through the lineage (business_date, file_seq, file_line).
SELECT charge_id, claim_id, facility_id, service_date, post_date, amount,
       business_date, file_seq, file_line
FROM raw.charges_asof($d)
