-- DUPLICATE_PAYMENT, key CLP01 (CONTRACT §3): for one payer id and one s in (1, 2, 3), that
-- payer's CLPs for the claim with CLP02 = s and CLP04 > 0, minus its CLPs for the claim with
-- CLP02 = 22, is >= 2. CLP02 19/20/21 (forwarded) never count; codes compare as strings.
-- Amount: net paid - largest CLP04 of the claim (all payers).
WITH per_payer AS (
    SELECT claim_id,
           payer_id,
           count(*) FILTER (WHERE status_code = '1' AND paid_amount > 0) AS paid_1,
           count(*) FILTER (WHERE status_code = '2' AND paid_amount > 0) AS paid_2,
           count(*) FILTER (WHERE status_code = '3' AND paid_amount > 0) AS paid_3,
           count(*) FILTER (WHERE status_code = '22') AS reversals
    FROM rc_clp
    -- a payer can only reach 2 if the whole claim has two paid CLPs with the same CLP02
    WHERE claim_id IN (SELECT claim_id FROM rc_claim_remit
                       WHERE paid_1 >= 2 OR paid_2 >= 2 OR paid_3 >= 2)
    GROUP BY claim_id, payer_id
), hit AS (
    SELECT claim_id,
           list({'payer_id': payer_id, 'paid_clp02_1': paid_1, 'paid_clp02_2': paid_2,
                 'paid_clp02_3': paid_3, 'reversals': reversals}
                ORDER BY payer_id) AS payers
    FROM per_payer
    WHERE greatest(paid_1, paid_2, paid_3) - reversals >= 2
    GROUP BY claim_id
)
SELECT 'DUPLICATE_PAYMENT' AS exception_type,
       h.claim_id AS entity_key,
       r.net_paid - r.max_paid AS amount,
       {'clp01': h.claim_id,
        'net_paid': r.net_paid,
        'largest_clp04': r.max_paid,
        'overpaid': r.net_paid - r.max_paid,
        'duplicating_payers': h.payers} AS details
FROM hit AS h
JOIN rc_claim_remit AS r USING (claim_id)
