{#- The mart's columns from a long relation (window_start, window_end, subject, metric_name,
    metric_value): each metric's warn and alert thresholds from the monitor's configuration
    (NULL when the rule is off) and its status: no_data when the value is NULL, alert or warn
    when it is at or above that threshold (at or below for a metric where lower is worse, such as
    expected_version_share), else ok. -#}
{% macro sli_status_select(monitor, long_relation) %}
  {%- set double = model_monitor.type_double() -%}
      select cast({{ model_monitor.string_literal(monitor['name']) }} as {{ dbt.type_string() }}) as monitor_name,
             l.window_start, l.window_end,
             cast(l.subject as {{ dbt.type_string() }}) as subject,
             cast(l.metric_name as {{ dbt.type_string() }}) as metric_name,
             cast(l.metric_value as {{ double }}) as metric_value,
             t.warn_threshold, t.alert_threshold,
             cast(case when l.metric_value is null then 'no_data'
                       when t.lower_is_worse = 0 and l.metric_value >= t.alert_threshold then 'alert'
                       when t.lower_is_worse = 0 and l.metric_value >= t.warn_threshold then 'warn'
                       when t.lower_is_worse = 1 and l.metric_value <= t.alert_threshold then 'alert'
                       when t.lower_is_worse = 1 and l.metric_value <= t.warn_threshold then 'warn'
                       else 'ok' end as {{ dbt.type_string() }}) as status
      from {{ long_relation }} as l
      join (
        {%- for metric in model_monitor.operational_threshold_metrics() %}
        {%- set levels = monitor['thresholds'].get(metric) or {} %}
        select '{{ metric }}' as metric_name,
               {{ 1 if metric in model_monitor.lower_is_worse_metrics() else 0 }} as lower_is_worse,
               cast({{ levels.get('warn') if levels.get('warn') is not none else 'null' }} as {{ double }}) as warn_threshold,
               cast({{ levels.get('alert') if levels.get('alert') is not none else 'null' }} as {{ double }}) as alert_threshold
        {% if not loop.last %}union all{% endif %}
        {%- endfor %}
      ) as t on t.metric_name = l.metric_name
{%- endmacro %}

