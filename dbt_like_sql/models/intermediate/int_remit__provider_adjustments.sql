-- Every PLB amount with the payer of its transaction (the last ST before it in the file).
select
    l.received_date,
    l.file_name,
    l.file_seq,
    l.trn02,
    l.plb_segment_position,
    t.payer_id,
    l.provider_id,
    l.reason_code,
    l.reference,
    l.adjustment_amount
from {{ ref('stg_remit__provider_adjustments') }} as l
asof left join {{ ref('stg_remit__transactions') }} as t
    on  t.received_date = l.received_date
    and t.file_seq = l.file_seq
    and t.file_name = l.file_name
    and l.plb_segment_position >= t.st_segment_position
