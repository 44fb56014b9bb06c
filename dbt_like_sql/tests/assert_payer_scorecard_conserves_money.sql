{{ config(severity='error', meta={'dagster': {'ref': {'name': 'mart_payer_scorecard'}}}) }}
-- Self-consistency of mart_payer_scorecard (error): every transaction, CLP and PLB amount is
-- counted under exactly one payer.
with mart as (
    select sum(transaction_count) as txns, sum(bpr02_amount) as bpr02, sum(clp_count) as clps,
           sum(net_paid_amount) as paid, sum(plb_amount) as plb
    from {{ ref('mart_payer_scorecard') }}
),

src as (
    select
        (select count(*) from {{ ref('stg_remit__transactions') }}) as txns,
        (select coalesce(sum(payment_amount), 0) from {{ ref('stg_remit__transactions') }}) as bpr02,
        (select count(*) from {{ ref('stg_remit__claims') }}) as clps,
        (select coalesce(sum(clp_paid_amount), 0) from {{ ref('stg_remit__claims') }}) as paid,
        (select coalesce(sum(adjustment_amount), 0) from {{ ref('stg_remit__provider_adjustments') }}) as plb
)

select *
from mart, src
where coalesce(mart.txns, 0) <> src.txns
   or coalesce(mart.bpr02, 0) <> src.bpr02
   or coalesce(mart.clps, 0) <> src.clps
   or coalesce(mart.paid, 0) <> src.paid
   or coalesce(mart.plb, 0) <> src.plb
