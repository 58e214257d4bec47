{#- A window's length as a Python timedelta (windows are UTC, so every day has 24 hours). -#}
{% macro window_timedelta(window) %}
  {%- set hours = {'hour': 1, 'day': 24, 'week': 168}[window] -%}
  {{ return(modules.datetime.timedelta(hours=hours)) }}
{% endmacro %}

{#- expr shifted by n windows. -#}
{% macro add_windows(window, n, expr) -%}
  {{ dbt.dateadd(window, n, expr) }}
{%- endmacro %}

{#- The monitor's timestamp column as a UTC timestamp expression. -#}
{% macro monitor_timestamp_sql(monitor, columns) -%}
  {{ model_monitor.to_utc_timestamp(model_monitor.quoted_column(columns['names'], monitor['timestamp_column']), columns['timestamp_has_time_zone']) }}
{%- endmacro %}

{#- Rows at or after the optional `model_monitor_as_of` var are ignored, so a run can be replayed
    as of any moment (tests use this to simulate days arriving). -#}
{% macro as_of_filter(timestamp_sql) -%}
  {%- set as_of = var('model_monitor_as_of', none) -%}
  {%- if as_of is none -%}
    1 = 1
  {%- else -%}
    {%- do model_monitor.parse_utc_timestamp(as_of, none, 'model_monitor_as_of') -%}
    {{ timestamp_sql }} < {{ model_monitor.timestamp_literal(as_of) }}
  {%- endif -%}
{%- endmacro %}

{#- In an incremental run, the first window to recompute for a monitor: the last window already
    stored minus the monitor's lookback, never before the first stored window. None on a full
    build or when the monitor has no stored rows yet. -#}
{% macro incremental_start(monitor, column, extra_filter=none) %}
  {%- if not execute or not is_incremental() -%}{{ return(none) }}{%- endif -%}
  {%- set sql -%}
    select min({{ column }}), max({{ column }}) from {{ this }}
    where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
    {%- if extra_filter %} and {{ extra_filter }}{% endif %}
  {%- endset -%}
  {%- set row = run_query(sql).rows[0] -%}
  {%- if row[1] is none -%}{{ return(none) }}{%- endif -%}
  {%- set start = row[1] - model_monitor.window_timedelta(monitor['window']) * monitor['lookback_windows'] -%}
  {{ return([start, row[0]] | max) }}
{% endmacro %}
