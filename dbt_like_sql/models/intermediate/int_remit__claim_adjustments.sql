-- Every CAS amount (claim and service level) with its CLP (the last CLP before it in the
-- same file) and that CLP's payer.
select
    a.received_date,
    a.file_name,
    a.file_seq,
    a.trn02,
    a.cas_segment_position,
    p.clp_segment_position,
    p.payer_id,
    a.claim_id,
    p.clp_status_code,
    a.adjustment_level,
    a.group_code,
    a.reason_code,
    a.adjustment_amount
from {{ ref('stg_remit__adjustments') }} as a
asof left join {{ ref('int_remit__claim_payments') }} as p
    on  p.received_date = a.received_date
    and p.file_seq = a.file_seq
    and p.file_name = a.file_name
    and a.cas_segment_position >= p.clp_segment_position
