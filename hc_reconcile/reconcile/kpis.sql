-- The KPIs of CONTRACT §4 as of D: one row per KPI, value DOUBLE. Averages, p90 and rates
-- are null when nothing qualifies; counts and sums are then 0. Nothing is rounded; money
-- is summed as exact decimals and only the final value is a DOUBLE.
WITH charges AS (
    -- one pass over the charges as of D
    SELECT avg(post_date - service_date) FILTER (WHERE post_date = $d) AS lag_avg,
           quantile_cont(post_date - service_date, 0.9) FILTER (WHERE post_date = $d)
               AS lag_p90,
           count(*) FILTER (WHERE post_date = $d
                              AND post_date - service_date > $late_charge_days) AS late,
           coalesce(sum(amount) FILTER (WHERE post_date <= $d), 0) AS charged,
           coalesce(sum(amount) FILTER (WHERE post_date > $d - $days_in_ar_window
                                          AND post_date <= $d), 0) AS window_charged
    FROM rc_charges
), ar AS (
    SELECT charged - (SELECT coalesce(sum(amount), 0) FROM rc_postings) AS balance,
           window_charged
    FROM charges
), open_set AS (
    SELECT count(*) AS n,
           coalesce(sum(amount), 0) AS amount,
           coalesce(sum(amount) FILTER (WHERE exception_type = 'UNBILLED_CHARGE'), 0)
               AS unbilled,
           coalesce(sum(amount) FILTER (WHERE exception_type = 'REMIT_NOT_POSTED'), 0)
               AS unposted,
           coalesce(sum(amount) FILTER (WHERE exception_type = 'UNAPPLIED_CASH'), 0)
               AS unapplied
    FROM rc_detected
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
    ('charge_lag_days_avg', (SELECT lag_avg FROM charges)::DOUBLE),
    ('charge_lag_days_p90', (SELECT lag_p90 FROM charges)::DOUBLE),
    ('late_charge_count', (SELECT late FROM charges)::DOUBLE),
    ('unbilled_amount', (SELECT unbilled FROM open_set)::DOUBLE),
    ('unposted_remit_amount', (SELECT unposted FROM open_set)::DOUBLE),
    ('unapplied_cash_amount', (SELECT unapplied FROM open_set)::DOUBLE),
    ('ar_balance', (SELECT balance FROM ar)::DOUBLE),
    ('days_in_ar',
        (SELECT CASE WHEN window_charged = 0 THEN NULL
                     ELSE balance::DOUBLE / (window_charged::DOUBLE / $days_in_ar_window) END
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
    ('open_exceptions', (SELECT n FROM open_set)::DOUBLE),
    ('open_exception_amount', (SELECT amount FROM open_set)::DOUBLE),
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
