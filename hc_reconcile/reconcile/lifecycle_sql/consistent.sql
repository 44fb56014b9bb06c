-- Does recon.exceptions still agree with the reconciled dates? Every date it names must be
-- a reconciled date, and it may only be empty when no detection exists. A business date
-- unloaded by the pipeline (its run date and detections deleted) makes this false when it
-- mattered to some row; the lifecycle is then derived again from all detections.
SELECT NOT EXISTS (
           SELECT 1
           FROM recon.exceptions AS e
           WHERE e.first_seen NOT IN (SELECT business_date FROM recon.run_dates)
              OR e.last_seen NOT IN (SELECT business_date FROM recon.run_dates)
              OR (e.resolved_on IS NOT NULL
                  AND e.resolved_on NOT IN (SELECT business_date FROM recon.run_dates))
       )
       AND (EXISTS (SELECT 1 FROM recon.exceptions)
            OR NOT EXISTS (SELECT 1 FROM recon.exception_detections))
