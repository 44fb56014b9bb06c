-- billing_posting_corrections (CONTRACT §2): one posting per open REMIT_NOT_POSTED (net paid)
-- and POSTED_AMOUNT_MISMATCH (net paid - posted). PAYMENT when positive, REVERSAL when
-- negative, signed as postings are. payer_id and trace_number (TRN02) come from the claim's
-- latest loaded CLP in processing order (details.latest_clp, see links.sql). correction_id = 'BPC-' + the exception id's hash:
-- one correction per exception, re-issued (same id, latest amount) while it stays open.
WITH correction AS (
    SELECT d.exception_id, d.exception_type, d.entity_key AS claim_id, d.amount,
           d.details->>'$.latest_clp.payer_id' AS payer_id,
           d.details->>'$.latest_clp.trn02' AS trace_number
    FROM rc_detected AS d
    WHERE d.exception_type IN ('REMIT_NOT_POSTED', 'POSTED_AMOUNT_MISMATCH')
)
SELECT 'BPC-' || substr(c.exception_id, 4) AS correction_id,
       c.exception_id,
       c.claim_id,
       c.payer_id,
       c.trace_number,
       CASE WHEN c.amount > 0 THEN 'PAYMENT' ELSE 'REVERSAL' END AS posting_type,
       c.amount,
       CASE c.exception_type
           WHEN 'REMIT_NOT_POSTED'
               THEN 'REMIT_NOT_POSTED: 835 net paid ' || r.net_paid::VARCHAR
                    || ' has no payment posting'
           ELSE 'POSTED_AMOUNT_MISMATCH: 835 net paid ' || r.net_paid::VARCHAR
                || ', posted ' || coalesce(p.posted, 0.00)::VARCHAR
       END AS reason
FROM correction AS c
JOIN rc_claim_remit AS r ON r.claim_id = c.claim_id
LEFT JOIN rc_claim_posting AS p ON p.claim_id = c.claim_id
ORDER BY c.claim_id, correction_id
