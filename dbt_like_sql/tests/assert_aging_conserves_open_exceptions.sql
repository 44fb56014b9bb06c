{{ config(severity='error', meta={'dagster': {'ref': {'name': 'mart_exception_aging'}}}) }}
-- Self-consistency of mart_exception_aging (error): the buckets of a row add up to its totals,
-- and the rows add up to fct_open_exceptions.
select owner_queue, exception_type, open_count, open_amount
from {{ ref('mart_exception_aging') }}
where open_count <> {% for _, s, _, _ in aging_buckets() %}count_{{ s }}{% if not loop.last %} + {% endif %}{% endfor %}
   or open_amount <> {% for _, s, _, _ in aging_buckets() %}amount_{{ s }}{% if not loop.last %} + {% endif %}{% endfor %}

union all

select 'ALL', 'ALL', a.n, a.amount
from (select coalesce(sum(open_count), 0) as n, coalesce(sum(open_amount), 0) as amount
      from {{ ref('mart_exception_aging') }}) as a,
     (select count(*) as n, coalesce(sum(amount), 0) as amount
      from {{ ref('fct_open_exceptions') }}) as f
where a.n <> f.n or a.amount <> f.amount
