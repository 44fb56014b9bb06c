-- Every CLP received on or before D with the TRN02 and payer id of its transaction. Read
-- from remit_store (the rows behind the remit.claims view), whose st_position names the
-- CLP's transaction directly (no ASOF search, no view join). Kept narrow (700k rows at
-- scale); details fetch file name and control numbers from remit.claims by
-- (business_date, file_seq, segment_position).
SELECT c.business_date AS received_date, c.file_seq, c.segment_position, t.trn02,
       t.payer_id, c.claim_id, c.status_code, c.charge_amount, c.paid_amount
FROM remit_store.claims AS c
JOIN rc_txn AS t
  ON  t.received_date = c.business_date
  AND t.file_seq = c.file_seq
  AND t.st_position = c.st_position
WHERE c.business_date <= $d
