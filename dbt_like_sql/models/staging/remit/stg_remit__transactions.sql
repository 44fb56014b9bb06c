select
    business_date as received_date,
    file_name,
    file_seq,
    isa13,
    gs06,
    st02,
    trn02,
    segment_position as st_segment_position,
    payer_id,
    payee_id,
    trn03,
    payment_method,
    cast(payment_amount as decimal(18, 2)) as payment_amount,
    payment_date
from {{ source('remit', 'transactions') }}
