{#- model_monitor__reference_values' builder for for_each_monitor (a select): one monitor's
    reference read once (the fixed period from the predictions, or the reference relation), as
    profile cells or exact distinct values. None for a moving reference (its windows are summed
    from model_monitor__window_values) and for a reference already stored (reference_is_stored). -#}
{% macro reference_values_select(p, monitor, reference_edges) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set reference = monitor['reference'] -%}
  {%- if reference['kind'] == 'trailing_windows' or model_monitor.reference_is_stored(monitor) -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- if reference['kind'] == 'period' -%}
    {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
    {%- set scan = model_monitor.monitor_values_sql(monitor, monitor['relation'], columns['names'], ts,
          model_monitor.reference_scan_filter(monitor, ts), false, reference_edges) -%}
  {%- else -%}
    {%- set scan = model_monitor.monitor_values_sql(monitor, reference['relation'], columns['reference_names'], none, none, false,
          reference_edges) -%}
  {%- endif -%}
  {%- set sql -%}
    select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
           feature_name, feature_type,
           {{ model_monitor.reference_period_columns(monitor) }},
           num_value, cat_value,
           cast(value_count as {{ dbt.type_bigint() }}) as value_count,
           {{ model_monitor.profile_columns(monitor) }}
    from ({{ scan }}) as scanned
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}
