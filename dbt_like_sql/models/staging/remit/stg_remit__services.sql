select
    business_date as received_date,
    file_name,
    file_seq,
    isa13,
    gs06,
    st02,
    trn02,
    segment_position as svc_segment_position,
    claim_id,
    procedure,
    procedure_code,
    cast(charge_amount as decimal(18, 2)) as svc_charge_amount,
    cast(paid_amount as decimal(18, 2)) as svc_paid_amount,
    units
from {{ source('remit', 'services') }}
