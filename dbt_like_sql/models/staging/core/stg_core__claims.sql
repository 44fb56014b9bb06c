select
    claim_id,
    account_id,
    payer_id,
    facility_id,
    cast(total_charge as decimal(18, 2)) as total_charge,
    submitted_date,
    status as claim_status,
    business_date as version_business_date,
    file_name,
    file_seq,
    file_line,
    extra_columns
from {{ source('core', 'claims') }}
