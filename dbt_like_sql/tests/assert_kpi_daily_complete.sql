{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'stg_recon__kpi_daily'}}}) }}
-- Contract check on the platform's output (warn): every reconciled business date has a row for
-- every KPI of CONTRACT §4 in recon.kpi_daily (value null when undefined, never missing).
select r.business_date, k.kpi_name
from {{ ref('stg_recon__run_dates') }} as r
cross join (
    {%- for kpi in kpi_names() %}
    select '{{ kpi }}' as kpi_name{% if not loop.last %} union all{% endif %}
    {%- endfor %}
) as k
left join {{ ref('stg_recon__kpi_daily') }} as v
    on v.business_date = r.business_date and v.kpi_name = k.kpi_name
where v.kpi_name is null
