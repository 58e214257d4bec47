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
