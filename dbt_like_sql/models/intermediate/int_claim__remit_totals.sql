-- Per CLP01 over all its loaded CLPs, any payer, reversals included (CONTRACT §3 net paid).
-- "Latest" = processing order: received date, file, segment position.
select
    claim_id,
    count(*) as clp_count,
    cast(coalesce(sum(clp_paid_amount), 0) as decimal(18, 2)) as net_paid,
    bool_or(clp_status_code = '4') as has_denial,
    bool_or(clp_status_code = '22') as has_reversal,
    min(received_date) as first_received_date,
    max(received_date) as last_received_date,
    arg_max(payer_id, (received_date, file_seq, clp_segment_position)) as last_payer_id,
    arg_max(trn02, (received_date, file_seq, clp_segment_position)) as last_trn02
from {{ ref('int_remit__claim_payments') }}
group by claim_id
