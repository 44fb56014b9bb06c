-- The KPIs of CONTRACT §4 as of D: one row per KPI, value DOUBLE. Averages, p90 and rates
-- are null when nothing qualifies; counts and sums are then 0. Nothing is rounded; money
-- is summed as exact decimals and only the final value is a DOUBLE.
WITH lag AS (
    SELECT post_date - service_date AS days
    FROM rc_charges
    WHERE post_date = $d
), ar AS (
    SELECT (SELECT coalesce(sum(amount), 0) FROM rc_charges WHERE post_date <= $d)
         - (SELECT coalesce(sum(amount), 0) FROM rc_postings) AS balance,
           (SELECT coalesce(sum(amount), 0) FROM rc_charges
            WHERE post_date > $d - $days_in_ar_window AND post_date <= $d) AS window_charges
), accuracy AS (
    SELECT coalesce(sum(abs(r.net_paid)) FILTER (WHERE coalesce(p.posted, 0) = r.net_paid), 0)
               AS reconciled,
           sum(abs(r.net_paid)) AS total
    FROM rc_claim_remit AS r
    LEFT JOIN rc_claim_posting AS p USING (claim_id)
    WHERE r.net_paid <> 0
      AND $d - r.last_received > $payment_accuracy_days
), submitted AS (
    SELECT c.submitted_date - min(ch.service_date) AS days
    FROM rc_claims AS c
    JOIN rc_charges AS ch ON ch.claim_id = c.claim_id
    WHERE c.submitted_date = $d
    GROUP BY c.claim_id, c.submitted_date
), files AS (
    SELECT * FROM recon.file_log WHERE business_date = $d
)
SELECT kpi, value
FROM (VALUES
    ('charge_lag_days_avg', (SELECT avg(days) FROM lag)::DOUBLE),
    ('charge_lag_days_p90', (SELECT quantile_cont(days, 0.9) FROM lag)::DOUBLE),
    ('late_charge_count',
        (SELECT count(*) FROM lag WHERE days > $late_charge_days)::DOUBLE),
    ('unbilled_amount',
        (SELECT coalesce(sum(amount), 0) FROM rc_detected
         WHERE exception_type = 'UNBILLED_CHARGE')::DOUBLE),
    ('unposted_remit_amount',
        (SELECT coalesce(sum(amount), 0) FROM rc_detected
         WHERE exception_type = 'REMIT_NOT_POSTED')::DOUBLE),
    ('unapplied_cash_amount',
        (SELECT coalesce(sum(amount), 0) FROM rc_detected
         WHERE exception_type = 'UNAPPLIED_CASH')::DOUBLE),
    ('ar_balance', (SELECT balance FROM ar)::DOUBLE),
    ('days_in_ar',
        (SELECT CASE WHEN window_charges = 0 THEN NULL
                     ELSE balance::DOUBLE / (window_charges::DOUBLE / $days_in_ar_window) END
         FROM ar)),
    ('denial_rate',
        (SELECT (count(*) FILTER (WHERE status_code = '4'))::DOUBLE / nullif(count(*), 0)
         FROM rc_clp
         WHERE received_date = $d AND status_code <> '22')),
    ('payment_reconciliation_accuracy',
        (SELECT reconciled::DOUBLE / nullif(total, 0)::DOUBLE FROM accuracy)),
    ('referral_to_account_days_avg',
        (SELECT avg(a.created_date - r.accepted_date)
         FROM rc_accounts AS a
         JOIN rc_referrals AS r ON r.referral_id = a.referral_id
         WHERE a.created_date = $d AND r.accepted_date IS NOT NULL)::DOUBLE),
    ('open_exceptions', (SELECT count(*) FROM rc_detected)::DOUBLE),
    ('open_exception_amount',
        (SELECT coalesce(sum(amount), 0) FROM rc_detected)::DOUBLE),
    ('claim_submission_days_avg', (SELECT avg(days) FROM submitted)::DOUBLE),
    ('rejected_row_rate',
        (SELECT sum(rows_rejected)::DOUBLE / nullif(sum(rows_loaded + rows_rejected), 0)
         FROM files
         WHERE source <> 'remit')),
    ('rejected_transaction_count',
        (SELECT coalesce(sum(rows_rejected), 0) FROM files WHERE source = 'remit')::DOUBLE),
    ('quarantined_file_count',
        (SELECT count(*) FROM files WHERE status = 'quarantined')::DOUBLE),
    -- SHA-256 duplicate files (an 835 file whose transactions were all re-sent is also
    -- 'duplicate' but has rows_resent > 0; its transactions are counted instead).
    ('replayed_count',
        (SELECT count(*) FILTER (WHERE status = 'duplicate' AND rows_resent = 0)
              + coalesce(sum(rows_resent), 0)
         FROM files)::DOUBLE)
) AS k(kpi, value)
