select
    business_date as received_date,
    file_name,
    file_seq,
    isa13,
    gs06,
    st02,
    trn02,
    segment_position as cas_segment_position,
    claim_id,
    level as adjustment_level,
    service_segment_position,
    group_code,
    reason_code,
    cast(amount as decimal(18, 2)) as adjustment_amount,
    quantity
from {{ source('remit', 'adjustments') }}
