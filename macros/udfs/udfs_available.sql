{#- Whether the package's Python UDFs are registered where the models will call them. -#}
{% macro udfs_available() %}
  {%- if not execute -%}{{ return(false) }}{%- endif -%}
  {{ return(adapter.dispatch('udfs_available', 'model_monitor')()) }}
{% endmacro %}

{% macro default__udfs_available() %}
  {%- set sql -%}
    select count(*) from information_schema.routines
    where lower(routine_name) = 'model_monitor_ks_2samp_pvalue_approx'
      and lower(routine_schema) = lower({{ model_monitor.string_literal(target.schema) }})
  {%- endset -%}
  {{ return(run_query(sql).rows[0][0] > 0) }}
{% endmacro %}

{% macro duckdb__udfs_available() %}
  {%- set sql = "select count(*) from duckdb_functions() where function_name = 'model_monitor_ks_2samp_pvalue_approx'" -%}
  {{ return(run_query(sql).rows[0][0] > 0) }}
{% endmacro %}

{#- A call of one of the package's UDFs, or a typed NULL when they are not registered. -#}
{% macro call_udf(name, arguments, available) -%}
  {%- if available -%}
    {{ model_monitor.udf_reference(name) }}({{ arguments | join(', ') }})
  {%- else -%}
    cast(null as {{ model_monitor.type_double() }})
  {%- endif -%}
{%- endmacro %}

{#- Where the UDFs live: the target schema (DuckDB registers them on the connection). -#}
{% macro udf_reference(name) %}
  {{- return(adapter.dispatch('udf_reference', 'model_monitor')(name)) -}}
{% endmacro %}

{% macro default__udf_reference(name) -%}
  {{ model_monitor.quote_identifier(target.schema) }}.{{ name }}
{%- endmacro %}

{% macro duckdb__udf_reference(name) -%}
  {{ name }}
{%- endmacro %}

{#- One log line per run when p-values will be NULL, saying how to register the UDFs. -#}
{% macro warn_if_udfs_missing(available) %}
  {%- if execute and not available -%}
    {{ log("model_monitor: Python UDFs are not registered on " ~ target.type ~ ", so ks_pvalue and chi2_pvalue are NULL (every statistic is still computed). Register them: DuckDB, add `plugins: [{module: model_monitor.duckdb_plugin}]` to the profile; PostgreSQL and cloud warehouses, add `on-run-start: \"{{ model_monitor.create_udfs() }}\"` to dbt_project.yml; Spark, run dbt through `model-monitor dbt-spark -- build --target <spark target>` (docs/engines.md of the dbt-model-monitor package, \"The p-value functions\").", info=true) }}
  {%- endif -%}
{% endmacro %}

{#- Spark: temporary functions registered on the session by `model-monitor dbt-spark` (model_monitor.spark). -#}
{% macro spark__udfs_available() %}
  {%- set rows = run_query("show functions like 'model_monitor_ks_2samp_pvalue_approx'").rows -%}
  {{ return(rows | length > 0) }}
{% endmacro %}

{% macro spark__udf_reference(name) -%}
  {{ name }}
{%- endmacro %}
