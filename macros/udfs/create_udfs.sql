{#- on-run-start hook that registers the package's Python UDFs where the warehouse runs Python
    in SQL functions:  on-run-start: "{{ model_monitor.create_udfs() }}"
    It never fails a run: when registration is impossible one log line says why and the
    p-value columns stay NULL. DuckDB uses the dbt-duckdb plugin instead. -#}
{% macro create_udfs() %}
  {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
  {{ return(adapter.dispatch('create_udfs', 'model_monitor')()) }}
{% endmacro %}

{% macro default__create_udfs() %}
  {%- set sql = model_monitor.udf_ddl(target.type, target.schema) -%}
  {%- if sql is none -%}
    {{ log("model_monitor: no Python UDF registration for " ~ target.type ~ "; ks_pvalue and chi2_pvalue stay NULL", info=true) }}
    {{ return('select 1') }}
  {%- endif -%}
  {{ return(sql) }}
{% endmacro %}

{% macro duckdb__create_udfs() %}
  {{ return('select 1') }}
{% endmacro %}

{% macro postgres__create_udfs() %}
  {%- set installed = run_query("select count(*) from pg_extension where extname = 'plpython3u'").rows[0][0] > 0 -%}
  {%- set available = run_query("select count(*) from pg_available_extensions where name = 'plpython3u'").rows[0][0] > 0 -%}
  {%- set superuser = run_query("select rolsuper from pg_roles where rolname = current_user").rows[0][0] -%}
  {%- if not installed and not (available and superuser) -%}
    {{ log("model_monitor: PL/Python (plpython3u) is not " ~ ("installable by this user" if available else "available on this server") ~ "; ks_pvalue and chi2_pvalue stay NULL. Install postgresql-plpython3 and run as a superuser once.", info=true) }}
    {{ return('select 1') }}
  {%- endif -%}
  {%- set schema = model_monitor.quote_identifier(target.schema) -%}
  {%- set sql -%}
    create extension if not exists plpython3u;
    create schema if not exists {{ schema }};
    {{ model_monitor.udf_ddl('postgres', target.schema) }}
    do $model_monitor_check$ begin
      perform {{ schema }}.model_monitor_normal_sf(0.0);
    exception when others then
      {%- for udf in model_monitor.python_udf_definitions() %}
      drop function if exists {{ schema }}.{{ udf['name'] }}({{ udf['arguments'] | map('last') | map('replace', 'double', 'double precision') | join(', ') }});
      {%- endfor %}
      raise warning 'model_monitor: the PL/Python UDFs cannot run (%); ks_pvalue and chi2_pvalue stay NULL. Set the var model_monitor_udf_python_path to a site-packages directory with scipy.', sqlerrm;
    end $model_monitor_check$;
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}

{#- The CREATE FUNCTION statements for one SQL dialect (postgres, snowflake, bigquery,
    databricks), built from the package's Python source; none for other dialects. -#}
{% macro udf_ddl(dialect, schema) %}
  {%- set builders = {'postgres': model_monitor.postgres_udf_ddl, 'snowflake': model_monitor.snowflake_udf_ddl,
                      'bigquery': model_monitor.bigquery_udf_ddl, 'databricks': model_monitor.databricks_udf_ddl} -%}
  {%- if dialect not in builders -%}{{ return(none) }}{%- endif -%}
  {%- set statements = [] -%}
  {%- for udf in model_monitor.python_udf_definitions() -%}
    {%- do statements.append(builders[dialect](udf, schema) ~ ';') -%}
  {%- endfor -%}
  {{ return(statements | join('\n')) }}
{% endmacro %}

{#- Prints the DDL of a dialect between markers (used by the DDL parsing test and by users who
    register the functions by hand):  dbt run-operation model_monitor.print_udf_ddl --args '{dialect: snowflake}' -#}
{% macro print_udf_ddl(dialect, schema='analytics') %}
  {{ print('-- model_monitor udf ddl begin\n' ~ model_monitor.udf_ddl(dialect, schema) ~ '\n-- model_monitor udf ddl end') }}
{% endmacro %}

{#- Directories appended to sys.path inside PL/Python (where scipy is installed). -#}
{% macro udf_python_path() %}
  {%- set value = var('model_monitor_udf_python_path', []) -%}
  {%- if value is string -%}{%- set value = value.split(':') | reject('equalto', '') | list -%}{%- endif -%}
  {{ return(value | list) }}
{% endmacro %}

{% macro udf_arguments(udf, types) -%}
  {%- for name, type in udf['arguments'] -%}{{ name }} {{ types[type] }}{{ ", " if not loop.last }}{%- endfor -%}
{%- endmacro %}

{% macro postgres_udf_ddl(udf, schema) -%}
create or replace function {{ model_monitor.quote_identifier(schema) }}.{{ udf['name'] }}({{ model_monitor.udf_arguments(udf, {'double': 'double precision', 'bigint': 'bigint'}) }})
returns double precision language plpython3u immutable strict as $model_monitor$
if "model_monitor_udfs" not in GD:
    import sys
    for path in {{ tojson(model_monitor.udf_python_path()) }}:
        if path not in sys.path:
            sys.path.append(path)
    namespace = {"__name__": "model_monitor_udfs"}
    exec(compile({{ tojson(model_monitor.python_udf_source()) }}, "python_udfs/statistics.py", "exec"), namespace)
    GD["model_monitor_udfs"] = namespace
return GD["model_monitor_udfs"]["{{ udf['handler'] }}"]({{ udf['arguments'] | map('first') | join(', ') }})
$model_monitor$
{%- endmacro %}

{% macro snowflake_udf_ddl(udf, schema) -%}
create or replace function {{ schema }}.{{ udf['name'] }}({{ model_monitor.udf_arguments(udf, {'double': 'float', 'bigint': 'number'}) }})
returns float language python runtime_version = '3.11' packages = ('scipy') handler = '{{ udf['handler'] }}'
as $$
{{ model_monitor.python_udf_source() }}
$$
{%- endmacro %}

{% macro bigquery_udf_ddl(udf, schema) -%}
create or replace function `{{ schema }}`.{{ udf['name'] }}({{ model_monitor.udf_arguments(udf, {'double': 'FLOAT64', 'bigint': 'INT64'}) }})
returns FLOAT64 language python
options (entry_point = '{{ udf['handler'] }}', runtime_version = 'python-3.11', packages = ['scipy'])
as r'''
{{ model_monitor.python_udf_source() }}
'''
{%- endmacro %}

{#- Databricks runs the body as the function's body: the module source, then the call. -#}
{% macro databricks_udf_ddl(udf, schema) -%}
create or replace function {{ schema }}.{{ udf['name'] }}({{ model_monitor.udf_arguments(udf, {'double': 'double', 'bigint': 'bigint'}) }})
returns double language python
as $$
{{ model_monitor.python_udf_source() | replace('from __future__ import annotations\n', '') }}
return {{ udf['handler'] }}({{ udf['arguments'] | map('first') | join(', ') }})
$$
{%- endmacro %}

{#- Spark SQL has no CREATE FUNCTION ... LANGUAGE PYTHON: `model-monitor dbt-spark -- build --target spark`
    registers the UDFs on the SparkSession before dbt runs (model_monitor/spark.py). -#}
{% macro spark__create_udfs() %}
  {{ return('select 1') }}
{% endmacro %}
