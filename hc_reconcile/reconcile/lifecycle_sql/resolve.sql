-- Exceptions last seen before D and not detected on D: D is now the first reconciled date
-- after their last detection, unless an earlier one already resolved them.
UPDATE recon.exceptions
SET status = 'resolved', resolved_on = $d
WHERE last_seen < $d
  AND (resolved_on IS NULL OR resolved_on > $d)
