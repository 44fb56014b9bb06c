-- recon.exceptions rows derived from recon.exception_detections and recon.run_dates
-- (CONTRACT §2), independent of the order dates were reconciled in:
--   first_seen / last_seen = first and latest business date the exception was detected;
--   resolved_on = the first reconciled business date after last_seen (it was not detected
--   then), null while no later date has been reconciled; status follows resolved_on;
--   amount, severity, owner_queue, details = those of the latest detection.
-- $everything = false limits the derivation to the ids in TEMP TABLE rc_recompute.
WITH seen AS (
    SELECT exception_id,
           min(business_date) AS first_seen,
           max(business_date) AS last_seen,
           arg_max({'exception_type': exception_type, 'entity_key': entity_key,
                    'amount': amount, 'severity': severity, 'owner_queue': owner_queue,
                    'details': details}, business_date) AS latest
    FROM recon.exception_detections
    WHERE $everything OR exception_id IN (SELECT exception_id FROM rc_recompute)
    GROUP BY exception_id
)
SELECT s.exception_id,
       s.latest.exception_type,
       s.latest.entity_key,
       CASE WHEN r.business_date IS NULL THEN 'open' ELSE 'resolved' END AS status,
       s.first_seen,
       s.last_seen,
       r.business_date AS resolved_on,
       s.latest.amount,
       s.latest.severity,
       s.latest.owner_queue,
       s.latest.details
FROM seen AS s
ASOF LEFT JOIN recon.run_dates AS r ON r.business_date > s.last_seen
