{#- model_monitor__prediction_quality's builder for for_each_monitor (a select): one monitor's
    row counts of the whole log as of model_monitor_as_of (NULL timestamps, NULL ids, repeated
    (id, version) pairs). -#}
{% macro prediction_quality_select(p, monitor) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set names = columns['names'] -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- set version = model_monitor.model_version_sql(monitor, names) -%}
  {%- set sql -%}
    select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
           {{ model_monitor.measured_at_sql() }} as measured_at,
           cast(coalesce(sum(id_rows), 0) as {{ dbt.type_bigint() }}) as prediction_rows,
           cast(coalesce(sum(null_timestamp_rows), 0) as {{ dbt.type_bigint() }}) as null_timestamp_rows,
           cast(coalesce(sum(case when prediction_id is null then id_rows else 0 end), 0) as {{ dbt.type_bigint() }}) as null_prediction_id_rows,
           cast(coalesce(sum(case when prediction_id is not null then id_rows - 1 else 0 end), 0) as {{ dbt.type_bigint() }}) as duplicate_prediction_rows
    from (
      select prediction_id, model_version, count(*) as id_rows,
             sum(case when predicted_at is null then 1 else 0 end) as null_timestamp_rows
      from (
        select cast({{ model_monitor.quoted_column(names, monitor['id_column']) }} as {{ dbt.type_string() }}) as prediction_id,
               {{ version }} as model_version, {{ ts }} as predicted_at
        from {{ monitor['relation'] }}
      ) as logged
      where predicted_at is null or {{ model_monitor.as_of_filter('predicted_at') }}
      group by prediction_id, model_version
    ) as per_id
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}
