{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'fct_open_exceptions'}}}) }}
-- Cross-check of the platform's lifecycle (warn): the exceptions open as of the latest reconciled
-- date by the contract's formula over recon.exceptions are exactly that date's detections.
with detected as (
    select x.exception_id
    from {{ ref('stg_recon__exception_detections') }} as x
    cross join {{ ref('int_as_of') }} as d
    where x.business_date = d.reconciled_through_date
)

select coalesce(o.exception_id, t.exception_id) as exception_id,
       o.exception_id is not null as open_by_lifecycle,
       t.exception_id is not null as detected
from {{ ref('fct_open_exceptions') }} as o
full outer join detected as t on t.exception_id = o.exception_id
where o.exception_id is null or t.exception_id is null
