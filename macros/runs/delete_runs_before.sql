{#- The statement deleting the run log's rows of runs started before `cutoff` (UTC text), for
    trim_run_results; on Spark only for table formats that can delete rows. Internal. -#}
{% macro default__delete_runs_before(relation, cutoff) -%}
  delete from {{ relation }} where run_started_at < {{ model_monitor.timestamp_literal(cutoff) }}
{%- endmacro %}

{% macro spark__delete_runs_before(relation, cutoff) -%}
  {%- if var('model_monitor_spark_file_format', 'parquet') in ['delta', 'iceberg'] -%}
    {{ return(model_monitor.default__delete_runs_before(relation, cutoff)) }}
  {%- endif -%}
  {{ log("model_monitor: model_monitor_run_log_retention_days is not applied on Spark " ~ var('model_monitor_spark_file_format', 'parquet') ~ " tables (they cannot delete rows); the run log is kept whole", info=true) }}
  {{ return('') }}
{%- endmacro %}
