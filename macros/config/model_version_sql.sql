{#- The SQL of a row's model version: the monitor's model_version_column as text, or 'default'
    for a monitor without one; `null_label` (e.g. '__null__') replaces a NULL version where the
    caller needs every version named. `names` maps configured to actual column names
    (monitor_columns). Internal. -#}
{% macro model_version_sql(monitor, names, null_label=none) %}
  {%- if not monitor['model_version_column'] -%}{{ return("'default'") }}{%- endif -%}
  {%- set version = "cast(" ~ model_monitor.quoted_column(names, monitor['model_version_column']) ~ " as " ~ dbt.type_string() ~ ")" -%}
  {{ return(version if null_label is none else "coalesce(" ~ version ~ ", " ~ model_monitor.string_literal(null_label) ~ ")") }}
{% endmacro %}
