-- The analysts' remit relations (CONTRACT §2): remit_store rows with their transaction's
-- correlation ids. Column order is the contract's: business_date, file_name, file_seq, isa13,
-- gs06, st02, trn02, segment_position, then the segment's elements.

CREATE OR REPLACE VIEW remit.claims AS
SELECT r.business_date, t.file_name, r.file_seq, t.isa13, t.gs06, t.st02, t.trn02,
       r.segment_position, r.claim_id, r.status_code, r.charge_amount, r.paid_amount,
       r.patient_responsibility, r.claim_filing_indicator, r.payer_claim_control_number
FROM remit_store.claims AS r
JOIN remit.transactions AS t
  ON t.business_date = r.business_date AND t.file_seq = r.file_seq AND t.segment_position = r.st_position;

CREATE OR REPLACE VIEW remit.services AS
SELECT r.business_date, t.file_name, r.file_seq, t.isa13, t.gs06, t.st02, t.trn02,
       r.segment_position, r.claim_id, r.procedure, r.procedure_code, r.charge_amount,
       r.paid_amount, r.units
FROM remit_store.services AS r
JOIN remit.transactions AS t
  ON t.business_date = r.business_date AND t.file_seq = r.file_seq AND t.segment_position = r.st_position;

CREATE OR REPLACE VIEW remit.adjustments AS
SELECT r.business_date, t.file_name, r.file_seq, t.isa13, t.gs06, t.st02, t.trn02,
       r.segment_position, r.claim_id, r.level, r.service_segment_position, r.group_code,
       r.reason_code, r.amount, r.quantity
FROM remit_store.adjustments AS r
JOIN remit.transactions AS t
  ON t.business_date = r.business_date AND t.file_seq = r.file_seq AND t.segment_position = r.st_position;

CREATE OR REPLACE VIEW remit.provider_adjustments AS
SELECT r.business_date, t.file_name, r.file_seq, t.isa13, t.gs06, t.st02, t.trn02,
       r.segment_position, r.provider_id, r.fiscal_period_date, r.reason_code, r.reference,
       r.amount
FROM remit_store.provider_adjustments AS r
JOIN remit.transactions AS t
  ON t.business_date = r.business_date AND t.file_seq = r.file_seq AND t.segment_position = r.st_position;
