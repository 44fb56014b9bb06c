-- Every CLP with the transaction it belongs to: the last ST before it in the same file
-- (as the platform's rules do). Payment date = BPR16, else the received date.
select
    c.received_date,
    c.file_name,
    c.file_seq,
    c.isa13,
    c.gs06,
    c.st02,
    c.trn02,
    c.clp_segment_position,
    t.st_segment_position,
    t.payer_id,
    t.payment_date,
    coalesce(t.payment_date, c.received_date) as paid_date,
    c.claim_id,
    c.clp_status_code,
    c.clp_charge_amount,
    c.clp_paid_amount,
    c.patient_responsibility_amount
from {{ ref('stg_remit__claims') }} as c
asof left join {{ ref('stg_remit__transactions') }} as t
    on  t.received_date = c.received_date
    and t.file_seq = c.file_seq
    and t.file_name = c.file_name
    and c.clp_segment_position >= t.st_segment_position
