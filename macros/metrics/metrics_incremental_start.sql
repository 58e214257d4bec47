{#- In an incremental run, the first window of a monitor whose metrics (or alerts) are recomputed:
    the earliest window any source mart may have rewritten in this run. Per metric group stored in
    {{ this }}: drift and data quality from the last window minus lookback_windows, performance
    from the last window minus outcome_lookback (outcome_lookback_days when the monitor has
    outcomes), operational like drift; never after the
    window of this run's measured_at (its freshness row). None (recompute everything) on a full
    build or when a group the monitor produces has no stored row yet. -#}
{% macro metrics_incremental_start(monitor) %}
  {%- if not execute or not is_incremental() -%}{{ return(none) }}{%- endif -%}
  {%- set sql -%}
    select metric_group, max(window_start) from {{ this }}
    where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
    group by metric_group
  {%- endset -%}
  {%- set last = {} -%}
  {%- for row in run_query(sql).rows -%}{%- do last.update({row[0]: row[1]}) -%}{%- endfor -%}
  {%- set lookback = model_monitor.window_timedelta(monitor['window']) * monitor['lookback_windows'] -%}
  {%- set expected = {'drift': lookback, 'data_quality': lookback} -%}
  {%- if monitor['outcomes'] is not none -%}
    {%- do expected.update({'performance': model_monitor.outcome_lookback(monitor)}) -%}
  {%- endif -%}
  {%- if 'operational' in last -%}{%- do expected.update({'operational': lookback}) -%}{%- endif -%}
  {%- set starts = [model_monitor.measured_window_start(monitor)] -%}
  {%- for group, back in expected.items() -%}
    {%- if last.get(group) is none -%}{{ return(none) }}{%- endif -%}
    {%- do starts.append(last[group] - back) -%}
  {%- endfor -%}
  {{ return(starts | min) }}
{% endmacro %}

{#- The start of the monitor's window containing this run's measured_at, as a datetime. -#}
{% macro measured_window_start(monitor) %}
  {%- set as_of = var('model_monitor_as_of', none) -%}
  {%- if as_of is not none -%}
    {%- set text = (as_of | string | replace('T', ' ')) -%}
    {%- set text = text if text | length > 10 else text ~ ' 00:00' -%}
    {%- set text = text if text | length > 16 else text ~ ':00' -%}
    {%- set moment = modules.datetime.datetime.strptime(text, '%Y-%m-%d %H:%M:%S') -%}
  {%- else -%}
    {%- set moment = modules.datetime.datetime.strptime(run_started_at.strftime('%Y-%m-%d %H:%M:%S'), '%Y-%m-%d %H:%M:%S') -%}
  {%- endif -%}
  {%- set hour = moment.replace(minute=0, second=0, microsecond=0) -%}
  {%- if monitor['window'] == 'hour' -%}{{ return(hour) }}{%- endif -%}
  {%- set day = hour.replace(hour=0) -%}
  {%- if monitor['window'] == 'day' -%}{{ return(day) }}{%- endif -%}
  {{ return(day - modules.datetime.timedelta(days=day.weekday())) }}
{% endmacro %}

{#- Spark tables (parquet) have no DELETE: there a recomputed window is replaced by partition
    overwrite only when it still has rows. -#}
{% macro can_delete_rows() %}
  {{- return(adapter.dispatch('can_delete_rows', 'model_monitor')()) -}}
{% endmacro %}

{% macro default__can_delete_rows() %}{{ return(true) }}{% endmacro %}
{% macro spark__can_delete_rows() %}{{ return(false) }}{% endmacro %}

{#- Pre-hook of the metrics mart: delete the windows this run recomputes, so a window whose rows
    disappear does not keep stale rows (delete+insert only replaces the windows that have new rows). -#}
{% macro delete_recomputed_windows() %}
  {%- if not execute or not is_incremental() or not model_monitor.can_delete_rows() -%}{{ return('') }}{%- endif -%}
  {%- set statements = [] -%}
  {%- for monitor in model_monitor.get_monitors() -%}
    {%- set start = model_monitor.metrics_incremental_start(monitor) -%}
    {%- do statements.append("delete from " ~ this ~ " where monitor_name = " ~ model_monitor.string_literal(monitor['name'])
          ~ ((" and window_start >= " ~ model_monitor.timestamp_literal(start)) if start is not none else "")) -%}
  {%- endfor -%}
  {{ return(statements | join(';\n')) }}
{% endmacro %}
