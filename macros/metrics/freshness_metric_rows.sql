{#- Freshness (subject '__monitor__'): the latest run measured in each window, with the thresholds
    stored on its row. The window is the one containing measured_at. -#}
{% macro freshness_metric_rows(monitor, freshness, start) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set outcomes = monitor['outcomes'] -%}
  {%- set metrics = ['prediction_lag_seconds'] + (['outcome_lag_seconds'] if outcomes is not none and outcomes['timestamp_column'] else []) -%}
  {%- set window_start = model_monitor.window_trunc(monitor['window'], 'fr.measured_at') -%}
  select f.monitor_name, f.window_start,
         cast({{ model_monitor.add_windows(monitor['window'], 1, 'f.window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
         '__monitor__' as subject, m.metric_name, m.metric_group,
         case m.metric_name
           {%- for name in metrics %} when '{{ name }}' then cast(f.{{ name }} as {{ double }}){% endfor %}
         end as metric_value,
         {%- for level in ['warn', 'alert'] %}
         case m.metric_name
           {%- for name in metrics %} when '{{ name }}' then f.{{ name | replace('_seconds', '') }}_{{ level }}_seconds{% endfor %}
         end as {{ level }}_threshold,
         {%- endfor %}
         m.lower_is_worse,
         false as source_no_data, true as judged,
         {{ model_monitor.no_slice_columns() }}
  from (
    select fr.*, {{ window_start }} as window_start,
           row_number() over (partition by {{ window_start }} order by fr.measured_at desc) as run_rank
    from {{ freshness }} as fr
    where fr.monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  ) as f
  cross join ({{ model_monitor.metric_list_sql(model_monitor.freshness_entries(metrics)) }}) as m
  where f.run_rank = 1
  {%- if start is not none %} and f.window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
{%- endmacro %}

{% macro freshness_entries(metrics) %}
  {%- set entries = [] -%}
  {%- for name in metrics %}{% do entries.append((name, 'freshness', 'any')) %}{% endfor -%}
  {{ return(entries) }}
{% endmacro %}
