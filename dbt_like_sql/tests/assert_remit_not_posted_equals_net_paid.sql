{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'fct_claim_remit_reconciliation'}}}) }}
-- Cross-check with the rules (warn, see docs/analyst-layer.md): every REMIT_NOT_POSTED detected on
-- the claim mart's as-of date is a claim with nothing posted whose net paid is the exception's amount.
select e.exception_id, e.entity_key, e.amount, c.net_paid, c.match_status
from {{ ref('fct_open_exceptions') }} as e
cross join {{ ref('int_as_of') }} as d
left join {{ ref('fct_claim_remit_reconciliation') }} as c on c.claim_id = e.entity_key
where e.exception_type = 'REMIT_NOT_POSTED'
  and e.last_seen = d.loaded_through_date
  and (c.claim_id is null or c.net_paid <> e.amount or c.match_status <> 'remit_not_posted')
