select
    posting_id,
    claim_id,
    posting_type,
    cast(amount as decimal(18, 2)) as amount,
    post_date,
    trace_number,
    group_reason,
    business_date as version_business_date,
    file_name,
    file_seq,
    file_line,
    extra_columns
from {{ source('core', 'postings') }}
