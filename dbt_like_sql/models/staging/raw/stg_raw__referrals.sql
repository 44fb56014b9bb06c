select
    referral_id,
    patient_id,
    first_name,
    last_name,
    birth_date,
    referral_date,
    status as referral_status,
    accepted_date,
    facility_id,
    payer_id,
    member_id,
    last_modified,
    business_date,
    file_name,
    file_seq,
    file_line,
    extra_columns
from {{ source('raw', 'referrals') }}
