{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'fct_claim_remit_reconciliation'}}}) }}
-- Cross-check with the platform's rules (warn: two implementations disagree; the exceptions
-- stay the authority and the night must still publish). Every POSTED_AMOUNT_MISMATCH detected
-- on the claim mart's as-of date has difference = net paid - posted = the exception's amount.
select e.exception_id, e.entity_key, e.amount, c.difference, c.match_status
from {{ ref('fct_open_exceptions') }} as e
cross join {{ ref('int_as_of') }} as d
left join {{ ref('fct_claim_remit_reconciliation') }} as c on c.claim_id = e.entity_key
where e.exception_type = 'POSTED_AMOUNT_MISMATCH'
  and e.last_seen = d.loaded_through_date
  and (c.claim_id is null or c.difference <> e.amount or c.match_status <> 'amount_differs')
