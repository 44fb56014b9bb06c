select
    charge_id,
    account_id,
    claim_id,
    facility_id,
    service_date,
    post_date,
    cpt_code,
    revenue_code,
    units,
    cast(amount as decimal(18, 2)) as amount,
    business_date,
    file_name,
    file_seq,
    file_line,
    extra_columns
from {{ source('raw', 'charges') }}
