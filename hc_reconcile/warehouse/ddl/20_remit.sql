-- 835 remittance advice: loaded transactions only (rejected and re-sent ones are not here).
-- Every row carries its correlation id: business_date, file_name, isa13, gs06, st02,
-- trn02 and segment_position (1-based ordinal of the segment in the file, first ISA = 1).
-- file_seq + segment_position give processing order within a business date.
--
-- remit.transactions is a table. The other four relations are views: their rows are stored
-- in remit_store.* with only (business_date, file_seq, st_position) of their transaction,
-- and each view joins them to remit.transactions for file_name, isa13, gs06, st02 and trn02.
-- Storing those ids once per transaction rather than on each of millions of CLP/SVC/CAS rows
-- halves what a nightly load writes (docs/x12.md#performance). Analysts query the views;
-- the loader writes remit_store.

CREATE TABLE IF NOT EXISTS remit.transactions (
    business_date DATE NOT NULL,       -- received date: the landing folder it loaded from
    file_name VARCHAR NOT NULL,
    file_seq INTEGER NOT NULL,
    isa13 VARCHAR, gs06 VARCHAR, st02 VARCHAR, trn02 VARCHAR,
    segment_position BIGINT NOT NULL,  -- position of the ST segment
    payer_id VARCHAR,                  -- N1*PR N104, else REF*2U, else TRN03
    payee_id VARCHAR,                  -- N1*PE N104
    trn03 VARCHAR,
    payment_method VARCHAR,            -- BPR04 (ACH, CHK, NON, ...)
    payment_amount DECIMAL(18,2) NOT NULL,  -- BPR02
    payment_date DATE                  -- BPR16
);

CREATE SCHEMA IF NOT EXISTS remit_store;

-- Rows of remit.claims: one per CLP. st_position = segment_position of its transaction's ST.
CREATE TABLE IF NOT EXISTS remit_store.claims (
    business_date DATE NOT NULL, file_seq INTEGER NOT NULL, st_position BIGINT NOT NULL,
    segment_position BIGINT NOT NULL,  -- position of the CLP segment
    claim_id VARCHAR NOT NULL,         -- CLP01, the patient control number = claims.claim_id
    status_code VARCHAR NOT NULL,      -- CLP02: 1/2/3 processed as primary/secondary/tertiary, 4 denied, 19-21 forwarded, 22 reversal
    charge_amount DECIMAL(18,2),       -- CLP03
    paid_amount DECIMAL(18,2),         -- CLP04
    patient_responsibility DECIMAL(18,2),  -- CLP05
    claim_filing_indicator VARCHAR,    -- CLP06
    payer_claim_control_number VARCHAR -- CLP07
);

-- Rows of remit.services: one per SVC.
CREATE TABLE IF NOT EXISTS remit_store.services (
    business_date DATE NOT NULL, file_seq INTEGER NOT NULL, st_position BIGINT NOT NULL,
    segment_position BIGINT NOT NULL,  -- position of the SVC segment
    claim_id VARCHAR,                  -- null for an SVC before any CLP (the contract loads it)
    procedure VARCHAR,                 -- SVC01 as written, e.g. HC:99213
    procedure_code VARCHAR,            -- second component of SVC01
    charge_amount DECIMAL(18,2),       -- SVC02
    paid_amount DECIMAL(18,2),         -- SVC03
    units DECIMAL(18,2)                -- SVC05
);

-- Rows of remit.adjustments: one per CAS amount.
CREATE TABLE IF NOT EXISTS remit_store.adjustments (
    business_date DATE NOT NULL, file_seq INTEGER NOT NULL, st_position BIGINT NOT NULL,
    segment_position BIGINT NOT NULL,  -- position of the CAS segment
    claim_id VARCHAR,                  -- the CLP01 of the claim loop
    -- (remit.adjustments.level, claim or service, is derived: service when the CAS belongs to an SVC)
    service_segment_position BIGINT,   -- the SVC a service-level CAS belongs to; null at claim level
    group_code VARCHAR,                -- CO, PR, OA, PI, CR
    reason_code VARCHAR,               -- CARC
    amount DECIMAL(18,2) NOT NULL,
    quantity DECIMAL(18,2)
);

-- Rows of remit.provider_adjustments: one per PLB amount.
CREATE TABLE IF NOT EXISTS remit_store.provider_adjustments (
    business_date DATE NOT NULL, file_seq INTEGER NOT NULL, st_position BIGINT NOT NULL,
    segment_position BIGINT NOT NULL,  -- position of the PLB segment
    provider_id VARCHAR,               -- PLB01
    fiscal_period_date DATE,           -- PLB02
    reason_code VARCHAR,               -- first component of PLB03/05/...
    reference VARCHAR,                 -- second component (e.g. the claim or the loan id)
    amount DECIMAL(18,2) NOT NULL      -- PLB04/06/...: positive reduces the payment
);
