{#- The package's second on-run-end hook (dbt_project.yml): with the var
    model_monitor_run_log_retention_days (a number of days > 0; unset: keep every run), delete the
    run log's rows (model_monitor__run_results) of runs started more than that many days before
    this run started. Runs after record_run_results, so this run's rows are written first and
    kept. Nothing when no package model ran, or the log is not built yet. On Spark, only a table
    format that can delete rows (var model_monitor_spark_file_format: delta or iceberg) is
    trimmed; on parquet and orc the log is kept whole and a message says so. -#}
{% macro trim_run_results(results) %}
  {%- if not execute or results is none -%}{{ return('') }}{%- endif -%}
  {%- set days = var('model_monitor_run_log_retention_days', none) -%}
  {%- if days is none -%}{{ return('') }}{%- endif -%}
  {%- if days is not number or days is sameas true or days is sameas false or days <= 0 -%}
    {{ exceptions.raise_compiler_error("model_monitor: var 'model_monitor_run_log_retention_days': expected a number of days > 0, got " ~ days | string) }}
  {%- endif -%}
  {%- if not model_monitor.package_model_results(results) -%}{{ return('') }}{%- endif -%}
  {%- set relation = model_monitor.run_log_relation() -%}
  {%- if relation is none -%}{{ return('') }}{%- endif -%}
  {%- set cutoff = run_started_at - modules.datetime.timedelta(days=days) -%}
  {{ return(adapter.dispatch('delete_runs_before', 'model_monitor')(relation, cutoff.strftime('%Y-%m-%d %H:%M:%S.%f'))) }}
{% endmacro %}
