select
    business_date,
    fingerprint,
    files as file_count
from {{ source('recon', 'load_state') }}
