{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'mart_exception_flow_daily'}}}) }}
-- Cross-check of the platform's lifecycle (warn): new_count of a date and type is the number of
-- exceptions whose first_seen is that date.
with first_seen as (
    select first_seen as business_date, exception_type, count(*) as n
    from {{ ref('stg_recon__exceptions') }}
    group by all
)

select f.business_date, f.exception_type, f.new_count, s.n
from {{ ref('mart_exception_flow_daily') }} as f
full outer join first_seen as s
    on s.business_date = f.business_date and s.exception_type = f.exception_type
where coalesce(f.new_count, 0) <> coalesce(s.n, 0)
  and (f.business_date is not null or s.business_date in (select business_date from {{ ref('stg_recon__run_dates') }}))
