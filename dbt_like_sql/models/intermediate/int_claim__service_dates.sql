-- Per claim_id of the charges table (charges.claim_id): service dates and charge totals.
select
    claim_id,
    count(*) as charge_line_count,
    cast(sum(amount) as decimal(18, 2)) as charge_amount,
    min(service_date) as first_service_date,
    max(service_date) as last_service_date
from {{ ref('stg_core__charges') }}
where claim_id is not null
group by claim_id
