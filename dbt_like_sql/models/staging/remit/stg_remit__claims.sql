select
    business_date as received_date,
    file_name,
    file_seq,
    isa13,
    gs06,
    st02,
    trn02,
    segment_position as clp_segment_position,
    claim_id,
    status_code as clp_status_code,
    cast(charge_amount as decimal(18, 2)) as clp_charge_amount,
    cast(paid_amount as decimal(18, 2)) as clp_paid_amount,
    cast(patient_responsibility as decimal(18, 2)) as patient_responsibility_amount,
    claim_filing_indicator,
    payer_claim_control_number
from {{ source('remit', 'claims') }}
