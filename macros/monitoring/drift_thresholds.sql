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

{#- Severity of a higher-is-worse metric: 2 alert, 1 warn, 0 ok, NULL when not evaluated. -#}
{% macro severity_level(metric) -%}
  case when {{ metric }} is null then null
       when {{ metric }} >= {{ metric }}_alert then 2
       when {{ metric }} >= {{ metric }}_warn then 1
       else 0 end
{%- endmacro %}
