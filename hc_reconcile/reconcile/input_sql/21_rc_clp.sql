-- Every CLP received on or before D with the payer id of its transaction: the CLP belongs
-- to the last ST before it in the same file (ASOF join on segment position; a file is
-- (received date, file_seq)). Kept narrow (700k rows at scale); details fetch file name
-- and control numbers from remit.claims by (business_date, file_seq, segment_position).
SELECT c.business_date AS received_date, c.file_seq, c.segment_position, c.trn02,
       t.payer_id, c.claim_id, c.status_code, c.charge_amount, c.paid_amount
FROM remit.claims AS c
ASOF JOIN rc_txn AS t
  ON  t.received_date = c.business_date
  AND t.file_seq = c.file_seq
  AND c.segment_position >= t.st_position
WHERE c.business_date <= $d
