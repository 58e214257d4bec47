{#- A lag limit in seconds from a number of seconds or {count: N, period: second|minute|hour|day}. -#}
{% macro lag_seconds(test_name, argument, value) %}
  {%- set periods = {'second': 1, 'minute': 60, 'hour': 3600, 'day': 86400} -%}
  {%- if value is mapping -%}
    {%- if value.keys() | list | sort != ['count', 'period'] or value['period'] not in periods -%}
      {{ model_monitor.gate_error(test_name, argument, "expected seconds or {count: N, period: second|minute|hour|day}, got " ~ value | tojson) }}
    {%- endif -%}
    {%- set count = model_monitor.gate_number(test_name, argument ~ '.count', value['count'], minimum=0) -%}
    {{ return(count * periods[value['period']]) }}
  {%- endif -%}
  {{ return(model_monitor.gate_number(test_name, argument, value, minimum=0)) }}
{% endmacro %}
