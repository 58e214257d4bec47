{#- The start of the hour, day or ISO week (Monday) containing a Python datetime: the same
    windows as window_trunc computes in SQL, for starts computed at compile time. -#}
{% macro window_floor(window, value) %}
  {%- set day = value.replace(minute=0, second=0, microsecond=0) if window == 'hour'
                else value.replace(hour=0, minute=0, second=0, microsecond=0) -%}
  {%- if window == 'week' -%}
    {%- set day = day - modules.datetime.timedelta(days=day.weekday()) -%}
  {%- endif -%}
  {{ return(day) }}
{% endmacro %}
