-- The KPIs of CONTRACT §4 as of D: one row per KPI, value DOUBLE. Averages, p90 and rates
-- are null when nothing qualifies; counts and sums are then 0. Nothing is rounded; money
-- is summed as exact decimals and only the final value is a DOUBLE. Every CTE is one row;
-- the final SELECT turns that row into one row per KPI.
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
), postings AS (
    -- every posting type, post_date <= D
    SELECT coalesce(sum(amount), 0) AS total FROM rc_postings
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
), denials AS (
    SELECT (count(*) FILTER (WHERE status_code = '4'))::DOUBLE / nullif(count(*), 0) AS rate
    FROM rc_clp
    WHERE received_date = $d AND status_code <> '22'
), referral AS (
    SELECT avg(a.created_date - r.accepted_date) AS days_avg
    FROM rc_accounts AS a
    JOIN rc_referrals AS r ON r.referral_id = a.referral_id
    WHERE a.created_date = $d AND r.accepted_date IS NOT NULL
), submitted AS (
    SELECT avg(days) AS days_avg
    FROM (
        SELECT c.submitted_date - min(ch.service_date) AS days
        FROM rc_claims AS c
        JOIN rc_charges AS ch ON ch.claim_id = c.claim_id
        WHERE c.submitted_date = $d
        GROUP BY c.claim_id, c.submitted_date
    )
), files AS (
    SELECT sum(rows_rejected) FILTER (WHERE source <> 'remit')::DOUBLE
               / nullif(sum(rows_loaded + rows_rejected) FILTER (WHERE source <> 'remit'), 0)
               AS rejected_row_rate,
           coalesce(sum(rows_rejected) FILTER (WHERE source = 'remit'), 0)
               AS rejected_transactions,
           count(*) FILTER (WHERE status = 'quarantined') AS quarantined,
           -- SHA-256 duplicate files (an 835 file whose transactions were all re-sent is
           -- also 'duplicate' but has rows_resent > 0; its transactions are counted instead)
           count(*) FILTER (WHERE status = 'duplicate' AND rows_resent = 0)
               + coalesce(sum(rows_resent), 0) AS replayed
    FROM recon.file_log
    WHERE business_date = $d
)
SELECT unnest([
    {'kpi': 'charge_lag_days_avg', 'value': charges.lag_avg::DOUBLE},
    {'kpi': 'charge_lag_days_p90', 'value': charges.lag_p90::DOUBLE},
    {'kpi': 'late_charge_count', 'value': charges.late::DOUBLE},
    {'kpi': 'unbilled_amount', 'value': open_set.unbilled::DOUBLE},
    {'kpi': 'unposted_remit_amount', 'value': open_set.unposted::DOUBLE},
    {'kpi': 'unapplied_cash_amount', 'value': open_set.unapplied::DOUBLE},
    {'kpi': 'ar_balance', 'value': (charges.charged - postings.total)::DOUBLE},
    {'kpi': 'days_in_ar',
     'value': CASE WHEN charges.window_charged = 0 THEN NULL
                   ELSE (charges.charged - postings.total)::DOUBLE
                        / (charges.window_charged::DOUBLE / $days_in_ar_window) END},
    {'kpi': 'denial_rate', 'value': denials.rate},
    {'kpi': 'payment_reconciliation_accuracy',
     'value': accuracy.reconciled::DOUBLE / nullif(accuracy.total, 0)::DOUBLE},
    {'kpi': 'referral_to_account_days_avg', 'value': referral.days_avg::DOUBLE},
    {'kpi': 'open_exceptions', 'value': open_set.n::DOUBLE},
    {'kpi': 'open_exception_amount', 'value': open_set.amount::DOUBLE},
    {'kpi': 'claim_submission_days_avg', 'value': submitted.days_avg::DOUBLE},
    {'kpi': 'rejected_row_rate', 'value': files.rejected_row_rate},
    {'kpi': 'rejected_transaction_count', 'value': files.rejected_transactions::DOUBLE},
    {'kpi': 'quarantined_file_count', 'value': files.quarantined::DOUBLE},
    {'kpi': 'replayed_count', 'value': files.replayed::DOUBLE}
], recursive := true)
FROM charges, postings, open_set, denials, accuracy, referral, submitted, files
