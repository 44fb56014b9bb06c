-- Exceptions open as of the latest reconciled business date (CONTRACT §2: first_seen <= D and
-- resolved_on null or after D), with their age and aging bucket.
with open_exceptions as (
    select
        d.reconciled_through_date as as_of_date,
        e.*,
        date_diff('day', e.first_seen, d.reconciled_through_date) as age_days
    from {{ ref('stg_recon__exceptions') }} as e
    cross join {{ ref('int_as_of') }} as d
    where e.first_seen <= d.reconciled_through_date
      and (e.resolved_on is null or e.resolved_on > d.reconciled_through_date)
)

select
    as_of_date,
    exception_id,
    exception_type,
    entity_key,
    owner_queue,
    severity,
    amount,
    first_seen,
    last_seen,
    age_days,
    case
    {%- for label, suffix, low, high in aging_buckets() %}
        when {{ aging_bucket_condition('age_days', low, high) }} then '{{ label }}'
    {%- endfor %}
    end as aging_bucket,
    case
    {%- for label, suffix, low, high in aging_buckets() %}
        when {{ aging_bucket_condition('age_days', low, high) }} then {{ loop.index }}
    {%- endfor %}
    end as aging_bucket_order,
    details
from open_exceptions
