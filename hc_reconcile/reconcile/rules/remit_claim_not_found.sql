-- REMIT_CLAIM_NOT_FOUND, key CLP01 (CONTRACT §3): a CLP01 that matches no claim_id of the
-- claims table as of D (charges.claim_id does not count). Amount: the CLP01's net paid.
SELECT 'REMIT_CLAIM_NOT_FOUND' AS exception_type,
       r.claim_id AS entity_key,
       r.net_paid AS amount,
       {'clp01': r.claim_id,
        'net_paid': r.net_paid} AS details
FROM rc_claim_remit AS r
WHERE NOT EXISTS (SELECT 1 FROM rc_claims AS c WHERE c.claim_id = r.claim_id)
