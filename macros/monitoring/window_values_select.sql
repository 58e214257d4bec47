{#- model_monitor__window_values' builder for for_each_monitor (a select): one monitor's windows
    from its incremental start (the lookback) up to model_monitor_as_of, reduced in one scan of
    the predictions (monitor_values_sql); rows without a timestamp belong to no window (they are
    counted in model_monitor__prediction_quality). Stops first when the distribution_statistics
    mode changed since the stored windows were computed. -#}
{% macro window_values_select(p, monitor, reference_edges, reference_values) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- do model_monitor.check_distribution_statistics_unchanged(monitor) -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {%- set scan_filter = ts ~ " is not null and " ~ model_monitor.as_of_filter(ts) -%}
  {%- if start is not none -%}
    {%- set scan_filter = ts ~ " >= " ~ model_monitor.timestamp_literal(start) ~ " and " ~ scan_filter -%}
  {%- endif -%}
  {%- set sql -%}
    select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
           feature_name, feature_type, window_start, num_value, cat_value,
           cast(value_count as {{ dbt.type_bigint() }}) as value_count,
           {{ model_monitor.profile_columns(monitor) }}
    from (
      {{ model_monitor.monitor_values_sql(monitor, monitor['relation'], columns['names'], ts, scan_filter, true,
                                          reference_edges, reference_values) }}
    ) as scanned
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}
