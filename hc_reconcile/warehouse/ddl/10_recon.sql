-- Load bookkeeping (CONTRACT §2). Rows of a business date are replaced when it is reloaded.

CREATE TABLE IF NOT EXISTS recon.file_log (
    business_date DATE NOT NULL,
    source VARCHAR NOT NULL,          -- gl_journal, referrals, accounts, charges, claims, postings, remit
    file_name VARCHAR NOT NULL,       -- base name inside the date folder
    file_seq INTEGER NOT NULL,        -- processing order of the file within its source and date
    sha256 VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    status VARCHAR NOT NULL,          -- loaded, duplicate, quarantined
    rows_loaded BIGINT NOT NULL,      -- CSV rows / 835 transactions loaded
    rows_rejected BIGINT NOT NULL,    -- CSV rows / 835 transactions rejected
    rows_resent BIGINT NOT NULL,      -- 835 transactions skipped as re-sent (in neither count above)
    reason VARCHAR                    -- why a file is duplicate or quarantined
);

CREATE TABLE IF NOT EXISTS recon.rejected_rows (
    business_date DATE NOT NULL,
    source VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    line_no BIGINT NOT NULL,          -- CSV physical line (header = 1); 835: segment position of the ST
    "column" VARCHAR,                 -- first failing column (CSV); null for an 835 transaction
    reason VARCHAR NOT NULL,          -- every failing check of the row, '; '-separated
    raw VARCHAR                       -- the row's values as JSON (CSV) or the transaction text (835)
);

-- Which landing files each loaded business date held (source, name, sha256): lets a run
-- notice a changed or late-arriving date folder and reload from there (order independence).
CREATE TABLE IF NOT EXISTS recon.load_state (
    business_date DATE PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    files BIGINT NOT NULL
);

-- Every business date reconciled, with its rule evaluations kept in recon.exception_detections.
CREATE TABLE IF NOT EXISTS recon.run_dates (
    business_date DATE PRIMARY KEY
);

-- pyx12's 005010X221A1 validation of each 835 file, when x12_validate = 'full' (a second
-- opinion beside our own structure rules; it never decides what loads).
CREATE TABLE IF NOT EXISTS recon.x12_findings (
    business_date DATE NOT NULL,
    file_name VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    line BIGINT,
    segment VARCHAR,
    element VARCHAR,
    code VARCHAR
);
