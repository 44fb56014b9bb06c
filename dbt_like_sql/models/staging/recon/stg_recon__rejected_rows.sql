select
    business_date,
    source,
    file_name,
    line_no,
    "column" as column_name,
    reason as reject_reason,
    raw as raw_content
from {{ source('recon', 'rejected_rows') }}
