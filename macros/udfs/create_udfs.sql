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

{#- Spark SQL has no CREATE FUNCTION ... LANGUAGE PYTHON: `model-monitor dbt-spark -- build --target spark`
    registers the UDFs on the SparkSession before dbt runs (model_monitor/spark.py). -#}
{% macro spark__create_udfs() %}
  {{ return('select 1') }}
{% endmacro %}
