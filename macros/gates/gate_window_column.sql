{#- The UTC window start of a timestamp column of a user's table (naive = UTC, as for monitors). -#}
{% macro gate_window_column(test_name, columns, timestamp_column, window, where) %}
  {%- do model_monitor.gate_choice(test_name, 'window', window, ['hour', 'day', 'week'], 'window') -%}
  {%- set name = model_monitor.gate_find_column(test_name, 'timestamp_column', columns, timestamp_column, where) -%}
  {%- set data_type = (columns | selectattr('name', 'equalto', name) | map(attribute='data_type') | first) if execute else none -%}
  {%- set utc = model_monitor.to_utc_timestamp(model_monitor.quote_identifier(name), model_monitor.type_has_time_zone(data_type)) -%}
  {{ return(model_monitor.window_trunc(window, utc)) }}
{% endmacro %}
