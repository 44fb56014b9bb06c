-- Loaded 835 transactions received on or before D (re-sent and rejected ones never load).
SELECT business_date AS received_date, file_name, file_seq, isa13, gs06, st02, trn02,
       segment_position AS st_position, payer_id, payment_amount AS bpr02,
       payment_date AS bpr16
FROM remit.transactions
WHERE business_date <= $d
