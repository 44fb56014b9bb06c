-- EFT reassociation: each 835 payment (TRN02 group) against the GL cash lines whose
-- reference is that TRN02; plus PAYER_EFT cash references that match no TRN02.
with keys as (
    select trn02 from {{ ref('int_eft__trn_groups') }}
    union
    select reference from {{ ref('int_gl__cash_by_reference') }} where payer_eft_line_count > 0
),

eft_exceptions as (
    select
        entity_key as trn02,
        string_agg(exception_type, ', ' order by exception_type) as open_exception_types
    from {{ ref('fct_open_exceptions') }}
    where exception_type in ('EFT_NOT_IN_GL', 'EFT_AMOUNT_MISMATCH', 'UNAPPLIED_CASH')
    group by entity_key
),

joined as (
    select
        d.loaded_through_date as as_of_date,
        k.trn02,
        t.trn02 is not null as has_remit,
        coalesce(g.cash_line_count, 0) as cash_line_count,
        t.payer_ids,
        coalesce(t.transaction_count, 0) as transaction_count,
        t.bpr02_amount,
        t.bpr16_payment_date,
        t.first_received_date,
        t.received_date,
        t.clp_paid_amount,
        t.plb_amount,
        g.cash_amount,
        coalesce(g.payer_eft_line_count, 0) as payer_eft_line_count,
        g.payer_eft_amount,
        g.first_posting_date as first_cash_posting_date,
        g.last_posting_date as last_cash_posting_date
    from keys as k
    cross join {{ ref('int_as_of') }} as d
    left join {{ ref('int_eft__trn_groups') }} as t on t.trn02 = k.trn02
    left join {{ ref('int_gl__cash_by_reference') }} as g on g.reference = k.trn02
)

select
    j.*,
    cast(coalesce(j.bpr02_amount, 0) - coalesce(j.cash_amount, 0) as decimal(18, 2)) as difference,
    case
        when not j.has_remit then 'unmatched_cash'
        when j.cash_line_count = 0 and j.bpr02_amount = 0 then 'no_payment'
        when j.cash_line_count = 0 then 'unmatched_remit'
        when j.cash_amount = j.bpr02_amount then 'matched'
        else 'amount_off'
    end as reassociation_status,
    x.open_exception_types
from joined as j
left join eft_exceptions as x on x.trn02 = j.trn02
