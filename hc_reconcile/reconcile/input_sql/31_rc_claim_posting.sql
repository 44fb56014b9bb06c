-- Per claim_id, over postings with post_date <= D. Posted = PAYMENT + REVERSAL amounts.
SELECT claim_id,
       CAST(coalesce(sum(amount) FILTER (WHERE posting_type IN ('PAYMENT', 'REVERSAL')), 0)
            AS DECIMAL(18,2)) AS posted,
       count(*) FILTER (WHERE posting_type IN ('PAYMENT', 'REVERSAL')) AS pay_rev_count,
       count(*) FILTER (WHERE posting_type = 'PAYMENT') AS payment_count,
       min(post_date) FILTER (WHERE posting_type = 'PAYMENT') AS first_payment_date
FROM rc_postings
GROUP BY claim_id
