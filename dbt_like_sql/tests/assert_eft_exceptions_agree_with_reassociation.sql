{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'fct_eft_reassociation'}}}) }}
-- Cross-check with the rules (warn): an EFT_AMOUNT_MISMATCH detected on the mart's as-of date is an
-- amount_off row whose difference (BPR02 - cash) is the exception's amount; an EFT_NOT_IN_GL is an
-- unmatched_remit row whose BPR02 is the amount; an UNAPPLIED_CASH is an unmatched_cash row.
select e.exception_id, e.exception_type, e.entity_key, e.amount, m.reassociation_status, m.difference
from {{ ref('fct_open_exceptions') }} as e
cross join {{ ref('int_as_of') }} as d
left join {{ ref('fct_eft_reassociation') }} as m on m.trn02 = e.entity_key
where e.last_seen = d.loaded_through_date
  and (
    (e.exception_type = 'EFT_AMOUNT_MISMATCH'
        and (m.trn02 is null or m.reassociation_status <> 'amount_off' or m.difference <> e.amount))
    or (e.exception_type = 'EFT_NOT_IN_GL'
        and (m.trn02 is null or m.reassociation_status <> 'unmatched_remit' or m.bpr02_amount <> e.amount))
    or (e.exception_type = 'UNAPPLIED_CASH'
        and (m.trn02 is null or m.reassociation_status <> 'unmatched_cash'))
  )
