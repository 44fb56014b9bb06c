-- crm_status_updates (CONTRACT §2): one row per claim that has a CLP in a transaction
-- received on D, exists in the claims table, and whose account's referral_id matches a
-- referral. paid_amount = net paid as of D. financial_status, first match wins:
-- REVERSED (a CLP02 = 22 and net paid <= 0), DENIED (net paid <= 0 and a CLP02 = 4),
-- PAID (net paid >= total_charge), else PARTIAL.
WITH received AS (
    SELECT DISTINCT claim_id FROM rc_clp WHERE received_date = $d
)
SELECT a.referral_id,
       c.claim_id,
       CASE WHEN r.has_reversal AND r.net_paid <= 0 THEN 'REVERSED'
            WHEN r.net_paid <= 0 AND r.has_denial THEN 'DENIED'
            WHEN r.net_paid >= c.total_charge THEN 'PAID'
            ELSE 'PARTIAL'
       END AS financial_status,
       r.net_paid AS paid_amount,
       $d::DATE AS as_of
FROM received
JOIN rc_claims AS c USING (claim_id)
JOIN rc_accounts AS a ON a.account_id = c.account_id
JOIN rc_claim_remit AS r ON r.claim_id = c.claim_id
WHERE EXISTS (SELECT 1 FROM rc_referrals AS f WHERE f.referral_id = a.referral_id)
ORDER BY a.referral_id, c.claim_id
