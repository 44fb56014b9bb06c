-- Per CLP01, over all its CLPs (any payer, reversals included): net paid and what the claim
-- rules, KPIs and feeds need. The paid_N counts (CLP02 = N with CLP04 > 0) let
-- DUPLICATE_PAYMENT look at per-payer counts only for claims that could qualify.
SELECT claim_id,
       CAST(coalesce(sum(paid_amount), 0) AS DECIMAL(18,2)) AS net_paid,
       count(*) AS clp_count,
       max(paid_amount) AS max_paid,
       min(received_date) FILTER (WHERE paid_amount <> 0) AS first_paid_received,
       max(received_date) AS last_received,
       bool_or(status_code = '22') AS has_reversal,
       bool_or(status_code = '4') AS has_denial,
       count(*) FILTER (WHERE status_code = '1' AND paid_amount > 0) AS paid_1,
       count(*) FILTER (WHERE status_code = '2' AND paid_amount > 0) AS paid_2,
       count(*) FILTER (WHERE status_code = '3' AND paid_amount > 0) AS paid_3
FROM rc_clp
GROUP BY claim_id
