{{ config(severity='error', meta={'dagster': {'ref': {'name': 'fct_claim_remit_reconciliation'}}}) }}
-- Self-consistency of fct_claim_remit_reconciliation (error): every CLP04 and every PAYMENT /
-- REVERSAL posting dated on or before the as-of date is counted exactly once.
with mart as (
    select sum(net_paid) as net_paid, sum(posted_amount) as posted, sum(clp_count) as clps
    from {{ ref('fct_claim_remit_reconciliation') }}
),

remit as (
    select coalesce(sum(clp_paid_amount), 0) as net_paid, count(*) as clps
    from {{ ref('stg_remit__claims') }}
),

posted as (
    select coalesce(sum(p.amount), 0) as posted
    from {{ ref('stg_core__postings') }} as p
    cross join {{ ref('int_as_of') }} as d
    where p.posting_type in ('PAYMENT', 'REVERSAL') and p.post_date <= d.loaded_through_date
)

select mart.*, remit.net_paid as remit_net_paid, remit.clps as remit_clps, posted.posted as postings_posted
from mart, remit, posted
where coalesce(mart.net_paid, 0) <> remit.net_paid
   or coalesce(mart.posted, 0) <> posted.posted
   or coalesce(mart.clps, 0) <> remit.clps
