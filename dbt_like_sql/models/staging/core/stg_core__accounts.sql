select
    account_id,
    patient_id,
    referral_id,
    facility_id,
    payer_id,
    created_date,
    business_date as version_business_date,
    file_name,
    file_seq,
    file_line,
    extra_columns
from {{ source('core', 'accounts') }}
