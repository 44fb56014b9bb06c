select
    business_date,
    source,
    file_name,
    file_seq,
    sha256,
    bytes as file_bytes,
    status as file_status,
    rows_loaded,
    rows_rejected,
    rows_resent,
    reason as status_reason
from {{ source('recon', 'file_log') }}
