{#- The moment a run measures at: the model_monitor_as_of var when set (tests and replays), else
    the run's start time (UTC), so nothing that depends on the clock depends on it in tests. -#}
{% macro measured_at_sql() -%}
  {%- set as_of = var('model_monitor_as_of', none) -%}
  {%- if as_of is not none -%}
    {{ model_monitor.timestamp_literal(as_of) }}
  {%- else -%}
    {{ model_monitor.timestamp_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S')) }}
  {%- endif -%}
{%- endmacro %}
