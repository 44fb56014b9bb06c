-- One row per claim id known to billing (claims), to an 835 (CLP01) or to a posting:
-- billed, paid by the 835s (net paid), posted (PAYMENT + REVERSAL), and the difference.
-- match_status describes today's figures; whether that is an exception (thresholds, aging)
-- is the platform's rules' call: see open_exception_types.
with claim_ids as (
    select claim_id from {{ ref('stg_core__claims') }}
    union
    select claim_id from {{ ref('int_claim__remit_totals') }}
    union
    select claim_id from {{ ref('int_claim__posting_totals') }}
),

claim_exceptions as (
    select
        entity_key as claim_id,
        string_agg(exception_type, ', ' order by exception_type) as open_exception_types
    from {{ ref('fct_open_exceptions') }}
    where exception_type in (
        'REMIT_CLAIM_NOT_FOUND', 'REMIT_NOT_POSTED', 'POSTED_AMOUNT_MISMATCH',
        'POSTING_WITHOUT_REMIT', 'DUPLICATE_PAYMENT'
    )
    group by entity_key
),

figures as (
    select
        d.loaded_through_date as as_of_date,
        ids.claim_id,
        c.claim_id is not null as claim_exists,
        c.account_id,
        c.facility_id,
        c.payer_id as billed_payer_id,
        c.claim_status,
        c.submitted_date,
        c.total_charge,
        s.first_service_date,
        coalesce(r.clp_count, 0) as clp_count,
        cast(coalesce(r.net_paid, 0) as decimal(18, 2)) as net_paid,
        coalesce(r.has_denial, false) as has_denial,
        coalesce(r.has_reversal, false) as has_reversal,
        r.first_received_date as first_remit_received_date,
        r.last_received_date as last_remit_received_date,
        r.last_payer_id as last_remit_payer_id,
        r.last_trn02 as last_remit_trn02,
        coalesce(p.payment_posting_count, 0) as payment_posting_count,
        cast(coalesce(p.posted_amount, 0) as decimal(18, 2)) as posted_amount,
        cast(coalesce(p.payment_amount, 0) as decimal(18, 2)) as payment_posted_amount,
        cast(coalesce(p.reversal_amount, 0) as decimal(18, 2)) as reversal_posted_amount,
        cast(coalesce(p.adjustment_amount, 0) as decimal(18, 2)) as adjustment_posted_amount,
        p.last_post_date
    from claim_ids as ids
    cross join {{ ref('int_as_of') }} as d
    left join {{ ref('stg_core__claims') }} as c on c.claim_id = ids.claim_id
    left join {{ ref('int_claim__remit_totals') }} as r on r.claim_id = ids.claim_id
    left join {{ ref('int_claim__posting_totals') }} as p on p.claim_id = ids.claim_id
    left join {{ ref('int_claim__service_dates') }} as s on s.claim_id = ids.claim_id
)

select
    f.*,
    cast(f.net_paid - f.posted_amount as decimal(18, 2)) as difference,
    case
        when f.clp_count = 0 and f.payment_posting_count = 0 then 'no_payment_activity'
        when f.payment_posting_count = 0 then
            case when f.net_paid = 0 then 'matched' else 'remit_not_posted' end
        when f.clp_count = 0 then 'posted_without_remit'
        when f.net_paid = f.posted_amount then 'matched'
        else 'amount_differs'
    end as match_status,
    greatest(f.submitted_date, f.last_remit_received_date, f.last_post_date) as last_activity_date,
    x.open_exception_types
from figures as f
left join claim_exceptions as x on x.claim_id = f.claim_id
