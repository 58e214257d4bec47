{#- One row per window of a monitor with the window's worst status (window_status) over the rows
    of model_monitor__metrics (only `metric_names` when given): alert > warn > ok; no_data only
    when every metric of the window is no_data. -#}
{% macro slo_window_statuses_sql(metrics, monitor, metric_names) %}
  select window_start, window_end,
         case max(case status when 'alert' then 3 when 'warn' then 2 when 'ok' then 1 else 0 end)
              when 3 then 'alert' when 2 then 'warn' when 1 then 'ok' else 'no_data' end as window_status
  from {{ metrics }}
  where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  {%- if metric_names %}
    and metric_name in ({% for name in metric_names %}{{ model_monitor.string_literal(name) }}{{ ", " if not loop.last }}{% endfor %})
  {%- endif %}
  group by 1, 2
{% endmacro %}
