-- Per reconciled business date and exception: was it detected that date, was it detected on
-- the previous reconciled date (recon.exception_detections holds each date's open set).
with dates as (
    select
        business_date,
        lag(business_date) over (order by business_date) as previous_business_date
    from {{ ref('stg_recon__run_dates') }}
),

pairs as (
    select d.business_date, d.previous_business_date, x.exception_id,
           x.exception_type, x.amount, true as detected_today, false as detected_previously
    from dates as d
    join {{ ref('stg_recon__exception_detections') }} as x on x.business_date = d.business_date
    union all
    select d.business_date, d.previous_business_date, x.exception_id,
           x.exception_type, x.amount, false, true
    from dates as d
    join {{ ref('stg_recon__exception_detections') }} as x on x.business_date = d.previous_business_date
)

select
    p.business_date,
    p.previous_business_date,
    p.exception_id,
    any_value(p.exception_type) as exception_type,
    bool_or(p.detected_today) as detected_today,
    bool_or(p.detected_previously) as detected_previously,
    cast(max(p.amount) filter (where p.detected_today) as decimal(18, 2)) as amount_today,
    cast(max(p.amount) filter (where p.detected_previously) as decimal(18, 2)) as amount_previously,
    any_value(e.first_seen) as first_seen
from pairs as p
left join {{ ref('stg_recon__exceptions') }} as e on e.exception_id = p.exception_id
group by p.business_date, p.previous_business_date, p.exception_id
