select
    exception_id,
    exception_type,
    entity_key,
    status,
    first_seen,
    last_seen,
    resolved_on,
    cast(amount as decimal(18, 2)) as amount,
    severity,
    owner_queue,
    details
from {{ source('recon', 'exceptions') }}
