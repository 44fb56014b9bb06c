{#
  The combination of `columns` is unique (nulls compare equal). No dbt package needed.
  Usage: data_tests: [{unique_combination_of_columns: {arguments: {columns: [a, b]}}}]
#}
{% test unique_combination_of_columns(model, columns) %}
select {{ columns | join(', ') }}, count(*) as row_count
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
