select
    business_date as received_date,
    file_name,
    file_seq,
    isa13,
    gs06,
    st02,
    trn02,
    segment_position as plb_segment_position,
    provider_id,
    fiscal_period_date,
    reason_code,
    reference,
    cast(amount as decimal(18, 2)) as adjustment_amount
from {{ source('remit', 'provider_adjustments') }}
