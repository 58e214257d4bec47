{#- A relation of one row per feature with <metric>_warn and <metric>_alert columns (NULL where
    a rule is switched off), from the validated configuration. -#}
{% macro drift_thresholds_sql(monitor) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- for f in monitor['features'] -%}
  select {{ model_monitor.string_literal(f['name']) }} as feature_name
    {%- for metric in model_monitor.drift_threshold_metrics() -%}
      {%- set levels = f['thresholds'].get(metric, {}) -%}
      {%- for level in ['warn', 'alert'] -%}
        , cast({{ levels.get(level) if levels.get(level) is not none else 'null' }} as {{ double }}) as {{ metric }}_{{ level }}
      {%- endfor -%}
    {%- endfor %}
  {% if not loop.last %}union all {% endif %}
  {%- endfor -%}
{%- endmacro %}

{#- Severity of a metric: 2 alert, 1 warn, 0 ok, NULL when not evaluated. A value at or past a
    threshold breaches it: at or above for most metrics, at or below for p-values. -#}
{% macro severity_level(metric) -%}
  {%- set op = '<=' if metric in model_monitor.lower_is_worse_metrics() else '>=' -%}
  case when {{ metric }} is null then null
       when {{ metric }} {{ op }} {{ metric }}_alert then 2
       when {{ metric }} {{ op }} {{ metric }}_warn then 1
       else 0 end
{%- endmacro %}

{#- A feature's threshold for one metric and level: the configured one (t, drift_thresholds_sql),
    or, for a metric the monitor learns, the learned one where the feature learns it
    (learned_thresholds_join's l_<metric>). -#}
{% macro threshold_column_sql(monitor, metric, level) -%}
  {%- if metric in model_monitor.learned_metrics(monitor) -%}
    coalesce(t.{{ metric }}_{{ level }}, l_{{ metric }}.{{ level }}_threshold)
  {%- else -%}
    t.{{ metric }}_{{ level }}
  {%- endif -%}
{%- endmacro %}

{#- Left joins of the learned thresholds, one alias l_<metric> per metric the monitor learns. -#}
{% macro learned_thresholds_join(monitor, learned, feature_sql) -%}
  {%- for metric in model_monitor.learned_metrics(monitor) %}
      left join {{ learned }} as l_{{ metric }}
        on l_{{ metric }}.monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
       and l_{{ metric }}.feature_name = {{ feature_sql }} and l_{{ metric }}.metric_name = '{{ metric }}'
  {%- endfor %}
{%- endmacro %}
