{#
  Relations are rendered without the DuckDB catalog name. The run builds the models on its
  working copy (work.duckdb) and publishes the file under another name (warehouse.duckdb);
  a view that said "work"."core"."claims" would break once published. Schema-qualified
  names resolve in whichever file the views live in.
#}
{% macro ref() %}
  {% set rel = builtins.ref(*varargs, **kwargs) %}
  {% if rel is none or rel is string %}{% do return(rel) %}{% endif %}
  {% do return(rel.include(database=false)) %}
{% endmacro %}

{% macro source(source_name, table_name) %}
  {% do return(builtins.source(source_name, table_name).include(database=false)) %}
{% endmacro %}

{# Custom schemas are used as written (staging, intermediate, marts), not prefixed. #}
{% macro generate_schema_name(custom_schema_name, node) %}
  {{- (custom_schema_name or target.schema) | trim -}}
{% endmacro %}
