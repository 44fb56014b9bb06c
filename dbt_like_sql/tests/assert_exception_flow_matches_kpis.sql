{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'mart_exception_flow_daily'}}}) }}
-- Cross-check with the platform's KPIs (warn): on every date, the open count and amount of
-- mart_exception_flow_daily equal the open_exceptions and open_exception_amount KPIs.
with flow as (
    select business_date, sum(open_count) as open_count, sum(open_amount) as open_amount
    from {{ ref('mart_exception_flow_daily') }}
    group by business_date
)

select f.business_date, f.open_count, k.open_exceptions, f.open_amount, k.open_exception_amount
from flow as f
join {{ ref('mart_kpi_trend') }} as k on k.business_date = f.business_date
where f.open_count <> k.open_exceptions
   or abs(f.open_amount - k.open_exception_amount) >= 0.005
