-- Open exceptions as of the latest reconciled date, aged like an A/R aging report:
-- one row per owner queue and exception type, a count and an amount column per bucket.
select
    as_of_date,
    owner_queue,
    exception_type,
    count(*) as open_count,
    cast(sum(amount) as decimal(18, 2)) as open_amount,
    {%- for label, suffix, low, high in aging_buckets() %}
    count(*) filter (where aging_bucket = '{{ label }}') as count_{{ suffix }},
    cast(coalesce(sum(amount) filter (where aging_bucket = '{{ label }}'), 0) as decimal(18, 2))
        as amount_{{ suffix }},
    {%- endfor %}
    max(age_days) as oldest_age_days,
    min(first_seen) as oldest_first_seen
from {{ ref('fct_open_exceptions') }}
group by as_of_date, owner_queue, exception_type
