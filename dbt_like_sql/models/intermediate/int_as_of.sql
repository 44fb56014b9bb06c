-- The dates the analyst layer is "as of": one row, even on an empty warehouse.
select
    (select max(business_date) from {{ ref('stg_recon__run_dates') }}) as reconciled_through_date,
    (select max(business_date) from {{ ref('stg_recon__load_state') }}) as loaded_through_date
