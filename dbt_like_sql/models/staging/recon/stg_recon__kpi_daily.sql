select
    business_date,
    kpi as kpi_name,
    cast(value as double) as kpi_value
from {{ source('recon', 'kpi_daily') }}
