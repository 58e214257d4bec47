{#- How many segment_<i> columns model_monitor__prediction_outcomes has: the most segments any
    monitor declares. -#}
{% macro segment_slots(monitors) %}
  {%- set counts = [0] -%}
  {%- for monitor in monitors -%}
    {%- do counts.append(monitor['segments'] | length) -%}
  {%- endfor -%}
  {{ return(counts | max) }}
{% endmacro %}
