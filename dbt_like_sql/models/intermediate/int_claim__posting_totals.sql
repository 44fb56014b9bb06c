-- Per claim_id over its postings with post_date <= the loaded-through date (a later-dated
-- posting does not exist yet, CONTRACT §3). Posted = PAYMENT + REVERSAL amounts.
select
    p.claim_id,
    count(*) as posting_count,
    count(*) filter (where p.posting_type in ('PAYMENT', 'REVERSAL')) as payment_posting_count,
    cast(coalesce(sum(p.amount) filter (where p.posting_type in ('PAYMENT', 'REVERSAL')), 0)
         as decimal(18, 2)) as posted_amount,
    cast(coalesce(sum(p.amount) filter (where p.posting_type = 'PAYMENT'), 0)
         as decimal(18, 2)) as payment_amount,
    cast(coalesce(sum(p.amount) filter (where p.posting_type = 'REVERSAL'), 0)
         as decimal(18, 2)) as reversal_amount,
    cast(coalesce(sum(p.amount) filter (where p.posting_type = 'ADJUSTMENT'), 0)
         as decimal(18, 2)) as adjustment_amount,
    min(p.post_date) as first_post_date,
    max(p.post_date) as last_post_date
from {{ ref('stg_core__postings') }} as p
cross join {{ ref('int_as_of') }} as d
where p.post_date <= d.loaded_through_date
group by p.claim_id
