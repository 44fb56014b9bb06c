-- recon.kpi_daily pivoted: one row per business date, one column per KPI of CONTRACT §4.
-- A KPI that is undefined on a date (or missing) is null, never 0.
select
    business_date,
    {%- for kpi in kpi_names() %}
    max(kpi_value) filter (where kpi_name = '{{ kpi }}') as {{ kpi }},
    {%- endfor %}
    count(*) as kpi_row_count
from {{ ref('stg_recon__kpi_daily') }}
group by business_date
