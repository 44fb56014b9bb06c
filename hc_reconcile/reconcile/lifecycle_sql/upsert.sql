-- The new rows of the exceptions detected on D (TEMP TABLE rc_detected), merged with their
-- current row: D becomes first_seen if earlier, last_seen (with D's amount, severity, queue
-- and details) if not earlier; resolved_on = the first reconciled date after last_seen.
-- Same result as derive.sql given a recon.exceptions that agrees with earlier detections.
WITH merged AS (
    SELECT d.exception_id,
           d.exception_type,
           d.entity_key,
           CASE WHEN e.first_seen IS NULL OR d.business_date < e.first_seen
                THEN d.business_date ELSE e.first_seen END AS first_seen,
           CASE WHEN e.last_seen IS NULL OR d.business_date >= e.last_seen
                THEN {'last_seen': d.business_date, 'amount': d.amount, 'severity': d.severity,
                      'owner_queue': d.owner_queue, 'details': d.details}
                ELSE {'last_seen': e.last_seen, 'amount': e.amount, 'severity': e.severity,
                      'owner_queue': e.owner_queue, 'details': e.details}
           END AS latest
    FROM rc_detected AS d
    LEFT JOIN recon.exceptions AS e USING (exception_id)
)
SELECT m.exception_id,
       m.exception_type,
       m.entity_key,
       CASE WHEN r.business_date IS NULL THEN 'open' ELSE 'resolved' END AS status,
       m.first_seen,
       m.latest.last_seen,
       r.business_date AS resolved_on,
       m.latest.amount,
       m.latest.severity,
       m.latest.owner_queue,
       m.latest.details
FROM merged AS m
ASOF LEFT JOIN recon.run_dates AS r ON r.business_date > m.latest.last_seen
