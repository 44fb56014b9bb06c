{# Closed vocabularies of the contract, in contract order (CONTRACT §3, §4). #}

{% macro exception_types() %}
  {{ return([
    'REMIT_CLAIM_NOT_FOUND', 'REMIT_NOT_POSTED', 'POSTED_AMOUNT_MISMATCH', 'POSTING_WITHOUT_REMIT',
    'DUPLICATE_PAYMENT', 'EFT_NOT_IN_GL', 'EFT_AMOUNT_MISMATCH', 'UNAPPLIED_CASH', 'UNBILLED_CHARGE',
    'REVENUE_GL_VARIANCE', 'REFERRAL_WITHOUT_ACCOUNT', 'DUPLICATE_PATIENT', 'REMIT_UNBALANCED'
  ]) }}
{% endmacro %}

{% macro kpi_names() %}
  {{ return([
    'charge_lag_days_avg', 'charge_lag_days_p90', 'late_charge_count', 'unbilled_amount',
    'unposted_remit_amount', 'unapplied_cash_amount', 'ar_balance', 'days_in_ar', 'denial_rate',
    'payment_reconciliation_accuracy', 'referral_to_account_days_avg', 'open_exceptions',
    'open_exception_amount', 'claim_submission_days_avg', 'rejected_row_rate',
    'rejected_transaction_count', 'quarantined_file_count', 'replayed_count'
  ]) }}
{% endmacro %}

{#
  Aging buckets of an open exception, age = as_of_date - first_seen in days:
  (label, column suffix, lowest age, highest age or none). "30+" means more than 30 days,
  so 30 itself is in 15-30.
#}
{% macro aging_buckets() %}
  {{ return([
    ('0-3', '0_3', 0, 3), ('4-7', '4_7', 4, 7), ('8-14', '8_14', 8, 14),
    ('15-30', '15_30', 15, 30), ('30+', '30_plus', 31, none)
  ]) }}
{% endmacro %}

{% macro aging_bucket_condition(age_days, low, high) -%}
  {{ age_days }} >= {{ low }}{% if high is not none %} and {{ age_days }} <= {{ high }}{% endif %}
{%- endmacro %}

{# A SQL list literal of strings: ('a', 'b'). #}
{% macro sql_list(values) -%}
  ({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
