select
    business_date,
    exception_id,
    exception_type,
    entity_key,
    cast(amount as decimal(18, 2)) as amount,
    severity,
    owner_queue,
    details
from {{ source('recon', 'exception_detections') }}
