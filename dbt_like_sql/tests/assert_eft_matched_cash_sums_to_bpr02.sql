{{ config(severity='error', meta={'dagster': {'ref': {'name': 'fct_eft_reassociation'}}}) }}
-- Self-consistency of fct_eft_reassociation (error: the mart would be wrong): every EFT marked
-- matched has cash lines, recomputed here from staging, summing to its BPR02.
with cash as (
    select g.reference, sum(g.amount) as cash_amount, count(*) as cash_lines
    from {{ ref('stg_core__gl_journal') }} as g
    cross join {{ ref('int_as_of') }} as d
    where g.gl_account = '{{ var("cash_account") }}' and g.posting_date <= d.loaded_through_date
    group by g.reference
),

bpr as (
    select trn02, sum(payment_amount) as bpr02
    from {{ ref('stg_remit__transactions') }}
    group by trn02
)

select m.trn02, m.bpr02_amount, b.bpr02, c.cash_amount, c.cash_lines
from {{ ref('fct_eft_reassociation') }} as m
left join bpr as b on b.trn02 = m.trn02
left join cash as c on c.reference = m.trn02
where m.reassociation_status = 'matched'
  and (c.cash_lines is null or b.bpr02 is null or c.cash_amount <> b.bpr02)
