{#- A configured UTC date or timestamp 'YYYY-MM-DD[ HH:MM[:SS]]' as a datetime, or a
    configuration error naming the monitor (or var) and key: a wrong shape, or a date or time
    that does not exist ('2024-02-30', '25:00'), is reported here rather than by Python or the
    warehouse in some model. -#}
{% macro parse_utc_timestamp(value, monitor_name, key) %}
  {%- set problem = model_monitor.utc_timestamp_problem(value) -%}
  {%- if problem -%}{{ model_monitor.config_error(monitor_name, key, problem) }}{%- endif -%}
  {{ return(modules.datetime.datetime.fromisoformat((value | string).replace('T', ' '))) }}
{% endmacro %}

{#- What is wrong with a UTC date or timestamp text, or none when it names a real instant. -#}
{% macro utc_timestamp_problem(value) %}
  {%- set text = value | string -%}
  {%- set match = modules.re.fullmatch('([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?', text) -%}
  {%- if not match -%}
    {{ return("expected a UTC date or timestamp 'YYYY-MM-DD[ HH:MM[:SS]]', got '" ~ text ~ "'") }}
  {%- endif -%}
  {%- set parts = match.groups() -%}
  {%- set year, month, day = parts[0] | int, parts[1] | int, parts[2] | int -%}
  {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
  {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
  {%- if year < 1 or month < 1 or month > 12 or day < 1 or day > month_days[month - 1] -%}
    {{ return("'" ~ text ~ "' is not a date of the calendar") }}
  {%- endif -%}
  {%- if (parts[3] or '0') | int > 23 or (parts[4] or '0') | int > 59 or (parts[5] or '0') | int > 59 -%}
    {{ return("'" ~ text ~ "' is not a time of day (HH 00-23, MM and SS 00-59)") }}
  {%- endif -%}
  {{ return(none) }}
{% endmacro %}
