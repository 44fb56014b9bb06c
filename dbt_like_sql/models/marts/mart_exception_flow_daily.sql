-- New, re-opened, resolved and open exceptions per reconciled business date and exception
-- type (every contract type on every date, zeros included). "Open on D" = detected as of D
-- (recon.exception_detections); new = first_seen is D; re-opened = detected on D, not on
-- the previous reconciled date, first seen earlier; resolved = detected on the previous
-- reconciled date, not on D.
with types as (
    {%- for t in exception_types() %}
    select '{{ t }}' as exception_type{% if not loop.last %} union all{% endif %}
    {%- endfor %}
    union
    select distinct exception_type from {{ ref('stg_recon__exceptions') }}
),

grid as (
    select r.business_date, t.exception_type
    from {{ ref('stg_recon__run_dates') }} as r
    cross join types as t
),

changes as (
    select
        business_date,
        exception_type,
        count(*) filter (where detected_today) as open_count,
        sum(amount_today) filter (where detected_today) as open_amount,
        count(*) filter (where detected_today and first_seen = business_date) as new_count,
        sum(amount_today) filter (where detected_today and first_seen = business_date) as new_amount,
        count(*) filter (
            where detected_today and not detected_previously and first_seen < business_date
        ) as reopened_count,
        count(*) filter (where detected_previously and not detected_today) as resolved_count,
        sum(amount_previously) filter (where detected_previously and not detected_today)
            as resolved_amount
    from {{ ref('int_exceptions__daily_changes') }}
    group by business_date, exception_type
)

select
    g.business_date,
    g.exception_type,
    coalesce(c.new_count, 0) as new_count,
    cast(coalesce(c.new_amount, 0) as decimal(18, 2)) as new_amount,
    coalesce(c.reopened_count, 0) as reopened_count,
    coalesce(c.resolved_count, 0) as resolved_count,
    cast(coalesce(c.resolved_amount, 0) as decimal(18, 2)) as resolved_amount,
    coalesce(c.open_count, 0) as open_count,
    cast(coalesce(c.open_amount, 0) as decimal(18, 2)) as open_amount
from grid as g
left join changes as c
    on c.business_date = g.business_date and c.exception_type = g.exception_type
