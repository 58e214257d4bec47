{#- Rows of the long metrics table before their status, per source mart: monitor_name,
    window_start, window_end, subject, metric_name, metric_group, metric_value, warn_threshold,
    alert_threshold, lower_is_worse, source_no_data, judged, model_version, segment_name, segment_value.
    Each selects whole windows from `start` on (none: all windows). -#}

{#- A relation of (metric_name, metric_group, feature_type, lower_is_worse) literals. -#}
{% macro metric_list_sql(entries) -%}
  {%- set floors = model_monitor.lower_is_worse_metrics() -%}
  {%- for name, group, feature_type in entries %}
  select {{ model_monitor.string_literal(name) }} as metric_name, {{ model_monitor.string_literal(group) }} as metric_group,
         {{ model_monitor.string_literal(feature_type) }} as feature_type,
         {{ 'true' if name in floors else 'false' }} as lower_is_worse
  {%- if not loop.last %} union all{% endif %}
  {%- endfor %}
{%- endmacro %}
