-- Exceptions (CONTRACT §2–3). recon.exception_detections keeps what the rules found on each
-- reconciled business date; recon.exceptions is derived from it (see reconcile/lifecycle).

CREATE TABLE IF NOT EXISTS recon.exception_detections (
    business_date DATE NOT NULL,
    exception_id VARCHAR NOT NULL,
    exception_type VARCHAR NOT NULL,
    entity_key VARCHAR NOT NULL,
    amount DECIMAL(18,2) NOT NULL,
    severity VARCHAR NOT NULL,
    owner_queue VARCHAR NOT NULL,
    details JSON
);

CREATE TABLE IF NOT EXISTS recon.exceptions (
    exception_id VARCHAR PRIMARY KEY,
    exception_type VARCHAR NOT NULL,
    entity_key VARCHAR NOT NULL,
    status VARCHAR NOT NULL,           -- open | resolved
    first_seen DATE NOT NULL,
    last_seen DATE NOT NULL,
    resolved_on DATE,
    amount DECIMAL(18,2) NOT NULL,
    severity VARCHAR NOT NULL,
    owner_queue VARCHAR NOT NULL,
    details JSON
);

CREATE TABLE IF NOT EXISTS recon.kpi_daily (
    business_date DATE NOT NULL,
    kpi VARCHAR NOT NULL,
    value DOUBLE,
    PRIMARY KEY (business_date, kpi)
);
