{#- One row per monitor x window with the window's worst status (window_status): alert > warn > ok
    over every metric of the window; no_data only when every metric of the window is no_data.
    Read from the drift and operational marts (the inputs of model_monitor__metrics). -#}
{% macro slo_window_statuses_sql(sources) %}
  select monitor_name, window_start, window_end,
         case max(case status when 'alert' then 3 when 'warn' then 2 when 'ok' then 1 else 0 end)
              when 3 then 'alert' when 2 then 'warn' when 1 then 'ok' else 'no_data' end as window_status
  from (
    {%- for relation, status_column in sources %}
    select monitor_name, window_start, window_end, {{ status_column }} as status from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
  ) as statuses
  group by 1, 2, 3
{% endmacro %}
