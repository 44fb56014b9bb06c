-- Per GL reference: lines on the cash account (var cash_account, default 1010) with
-- posting_date <= the loaded-through date, any source; and the PAYER_EFT ones apart.
select
    g.reference,
    count(*) as cash_line_count,
    cast(sum(g.amount) as decimal(18, 2)) as cash_amount,
    count(*) filter (where g.gl_source = 'PAYER_EFT') as payer_eft_line_count,
    cast(coalesce(sum(g.amount) filter (where g.gl_source = 'PAYER_EFT'), 0) as decimal(18, 2))
        as payer_eft_amount,
    count(distinct g.journal_id) as journal_count,
    min(g.posting_date) as first_posting_date,
    max(g.posting_date) as last_posting_date
from {{ ref('stg_core__gl_journal') }} as g
cross join {{ ref('int_as_of') }} as d
where g.gl_account = '{{ var("cash_account") }}'
  and g.posting_date <= d.loaded_through_date
  and g.reference is not null
group by g.reference
