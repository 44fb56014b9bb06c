-- Billing accounts (encounters) as of D.
SELECT account_id, referral_id, created_date
FROM raw.accounts_asof($d)
