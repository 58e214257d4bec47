{#- How a model replaces the windows an incremental run recomputes, as config() arguments:
      {{ config(materialized='incremental', **model_monitor.incremental_config(['monitor_name', 'window_start'])) }}
    `unique_key` names the rows a run replaces as a whole (a window of a monitor). Most engines:
    delete+insert on that key. Spark has no delete+insert: the same key becomes the table's
    partitions and a run overwrites exactly the partitions it writes (insert_overwrite with
    dynamic partition overwrite), which is the same replacement. `partition_by` (Spark only)
    overrides the partitions when the key is finer than the windows a run recomputes whole. -#}
{% macro incremental_config(unique_key, partition_by=none) %}
  {{- return(adapter.dispatch('incremental_config', 'model_monitor')(unique_key, partition_by)) -}}
{% endmacro %}

{% macro default__incremental_config(unique_key, partition_by=none) %}
  {{- return({'incremental_strategy': 'delete+insert', 'unique_key': unique_key}) -}}
{% endmacro %}

{#- DuckDB: the key as one row value. dbt-duckdb deletes a key given as a list with
    `delete ... using <new rows> where <columns equal>`, a join that pairs every stored row of a
    window with every new row of that window (quadratic in rows per window: 18 minutes for one
    day of 1M predictions in model_monitor__window_values). A single key expression is deleted
    with `where (key) in (select (key) from <new rows>)`, a semi-join. -#}
{% macro duckdb__incremental_config(unique_key, partition_by=none) %}
  {{- return({'incremental_strategy': 'delete+insert', 'unique_key': '(' ~ unique_key | join(', ') ~ ')'}) -}}
{% endmacro %}

{#- The var model_monitor_spark_file_format picks the table format (default parquet; delta and
    iceberg also support dynamic partition overwrite). MERGE is not used: it upserts rows by a
    row key, and the marts' row keys hold NULLs (relation references, NULL values) that MERGE's
    equality never matches, and it would keep rows a recomputed window no longer has. -#}
{% macro spark__incremental_config(unique_key, partition_by=none) %}
  {%- set file_format = var('model_monitor_spark_file_format', 'parquet') -%}
  {%- if file_format not in ['parquet', 'delta', 'iceberg', 'orc'] -%}
    {{ exceptions.raise_compiler_error("model_monitor: var 'model_monitor_spark_file_format': expected one of parquet, delta, iceberg, orc (a format with dynamic partition overwrite), got " ~ file_format) }}
  {%- endif -%}
  {{- return({'incremental_strategy': 'insert_overwrite', 'partition_by': partition_by or unique_key,
              'file_format': file_format}) -}}
{% endmacro %}
