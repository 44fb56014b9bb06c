select
    journal_id,
    line_no,
    entity_id,
    account as gl_account,
    cost_center,
    posting_date,
    cast(amount as decimal(18, 2)) as amount,
    currency,
    reference,
    source as gl_source,
    description,
    business_date,
    file_name,
    file_seq,
    file_line,
    extra_columns
from {{ source('raw', 'gl_journal') }}
