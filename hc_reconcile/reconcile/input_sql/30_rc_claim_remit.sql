-- Per CLP01, over all its CLPs (any payer, reversals included): net paid and the dates
-- the claim rules need. Processing order = (received date, file_seq, segment position).
SELECT claim_id,
       CAST(coalesce(sum(paid_amount), 0) AS DECIMAL(18,2)) AS net_paid,
       count(*) AS clp_count,
       max(paid_amount) AS max_paid,
       min(received_date) FILTER (WHERE paid_amount <> 0) AS first_paid_received,
       max(received_date) AS last_received,
       bool_or(status_code = '22') AS has_reversal,
       bool_or(status_code = '4') AS has_denial,
       arg_max({'payer_id': payer_id, 'trn02': trn02},
               {'d': received_date, 'f': file_seq, 'p': segment_position}) AS last_clp
FROM rc_clp
GROUP BY claim_id
