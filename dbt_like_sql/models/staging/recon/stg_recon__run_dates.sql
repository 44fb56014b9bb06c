select business_date
from {{ source('recon', 'run_dates') }}
