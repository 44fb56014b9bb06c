-- Per TRN02 group: every loaded transaction with that TRN02 (normally one), with summed
-- BPR02, CLP04 and PLB amounts and its latest received date and BPR16 (CONTRACT §3).
with txn as (
    select
        trn02,
        count(*) as transaction_count,
        string_agg(distinct payer_id, ', ' order by payer_id) as payer_ids,
        cast(sum(payment_amount) as decimal(18, 2)) as bpr02_amount,
        max(payment_date) as bpr16_payment_date,
        min(received_date) as first_received_date,
        max(received_date) as received_date
    from {{ ref('stg_remit__transactions') }}
    group by trn02
),

clp as (
    select trn02, count(*) as clp_count, cast(sum(clp_paid_amount) as decimal(18, 2)) as clp_paid_amount
    from {{ ref('stg_remit__claims') }}
    group by trn02
),

plb as (
    select trn02, cast(sum(adjustment_amount) as decimal(18, 2)) as plb_amount
    from {{ ref('stg_remit__provider_adjustments') }}
    group by trn02
)

select
    txn.trn02,
    txn.transaction_count,
    txn.payer_ids,
    txn.bpr02_amount,
    txn.bpr16_payment_date,
    txn.first_received_date,
    txn.received_date,
    coalesce(clp.clp_count, 0) as clp_count,
    cast(coalesce(clp.clp_paid_amount, 0) as decimal(18, 2)) as clp_paid_amount,
    cast(coalesce(plb.plb_amount, 0) as decimal(18, 2)) as plb_amount
from txn
left join clp on clp.trn02 = txn.trn02
left join plb on plb.trn02 = txn.trn02
