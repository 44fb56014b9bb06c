-- One row per 835 payer id (N1*PR N104, else REF*2U, else TRN03; '(unknown)' when none) over
-- every loaded remittance: volume, denials, speed, underpayment, reversals and PLB totals.
with payments as (
    select
        coalesce(payer_id, '(unknown)') as payer_id,
        count(*) as transaction_count,
        cast(sum(payment_amount) as decimal(18, 2)) as bpr02_amount,
        min(received_date) as first_received_date,
        max(received_date) as last_received_date
    from {{ ref('stg_remit__transactions') }}
    group by all
),

clps as (
    select
        coalesce(p.payer_id, '(unknown)') as payer_id,
        count(*) as clp_count,
        count(distinct p.claim_id) as claim_count,
        cast(coalesce(sum(p.clp_paid_amount), 0) as decimal(18, 2)) as net_paid_amount,
        count(*) filter (where p.clp_status_code <> '22') as adjudicated_clp_count,
        count(*) filter (where p.clp_status_code = '4') as denied_clp_count,
        count(*) filter (where p.clp_status_code = '22') as reversal_count,
        cast(coalesce(sum(p.clp_paid_amount) filter (where p.clp_status_code = '22'), 0)
             as decimal(18, 2)) as reversal_amount,
        count(s.first_service_date) filter (
            where p.clp_status_code in ('1', '2', '3') and p.clp_paid_amount > 0
        ) as paid_clp_with_service_date_count,
        avg(date_diff('day', s.first_service_date, p.paid_date)) filter (
            where p.clp_status_code in ('1', '2', '3') and p.clp_paid_amount > 0
        ) as avg_days_service_to_payment
    from {{ ref('int_remit__claim_payments') }} as p
    left join {{ ref('int_claim__service_dates') }} as s on s.claim_id = p.claim_id
    group by all
),

underpayments as (
    select
        coalesce(payer_id, '(unknown)') as payer_id,
        cast(sum(adjustment_amount) as decimal(18, 2)) as underpayment_amount
    from {{ ref('int_remit__claim_adjustments') }}
    where group_code in ('CO', 'PI')
      and coalesce(reason_code, '') not in {{ sql_list(var('contractual_reason_codes')) }}
      and clp_status_code is distinct from '4'
    group by all
),

plb as (
    select
        coalesce(payer_id, '(unknown)') as payer_id,
        count(*) as plb_count,
        cast(sum(adjustment_amount) as decimal(18, 2)) as plb_amount
    from {{ ref('int_remit__provider_adjustments') }}
    group by all
),

payers as (
    select payer_id from payments
    union select payer_id from clps
    union select payer_id from plb
)

select
    d.loaded_through_date as as_of_date,
    ps.payer_id,
    coalesce(pm.transaction_count, 0) as transaction_count,
    cast(coalesce(pm.bpr02_amount, 0) as decimal(18, 2)) as bpr02_amount,
    pm.first_received_date,
    pm.last_received_date,
    coalesce(c.clp_count, 0) as clp_count,
    coalesce(c.claim_count, 0) as claim_count,
    cast(coalesce(c.net_paid_amount, 0) as decimal(18, 2)) as net_paid_amount,
    coalesce(c.adjudicated_clp_count, 0) as adjudicated_clp_count,
    coalesce(c.denied_clp_count, 0) as denied_clp_count,
    c.denied_clp_count::double / nullif(c.adjudicated_clp_count, 0) as denial_rate,
    coalesce(c.paid_clp_with_service_date_count, 0) as paid_clp_with_service_date_count,
    c.avg_days_service_to_payment,
    cast(coalesce(u.underpayment_amount, 0) as decimal(18, 2)) as underpayment_amount,
    coalesce(c.reversal_count, 0) as reversal_count,
    cast(coalesce(c.reversal_amount, 0) as decimal(18, 2)) as reversal_amount,
    coalesce(l.plb_count, 0) as plb_count,
    cast(coalesce(l.plb_amount, 0) as decimal(18, 2)) as plb_amount
from payers as ps
cross join {{ ref('int_as_of') }} as d
left join payments as pm on pm.payer_id = ps.payer_id
left join clps as c on c.payer_id = ps.payer_id
left join underpayments as u on u.payer_id = ps.payer_id
left join plb as l on l.payer_id = ps.payer_id
