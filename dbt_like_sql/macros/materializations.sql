{#
  A leaner `view` materialization for DuckDB: one CREATE OR REPLACE VIEW instead of dbt's
  create-temp / rename / rename / drop dance. Same result, about half the statements and
  Jinja work per view, which matters because the whole project is built at the end of every
  `hc-reconcile run`. A table previously at this name is dropped first.
#}
{% materialization view, adapter='duckdb' %}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='view') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% if existing_relation is not none and not existing_relation.is_view %}
    {{ drop_relation_if_exists(existing_relation) }}
  {% endif %}

  {% call statement('main') -%}
    create or replace view {{ target_relation }} as (
      {{ sql }}
    )
  {%- endcall %}

  {% do persist_docs(target_relation, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
