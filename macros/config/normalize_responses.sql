{#- Who answers an alert and what they do: the optional `owner` and `response` (free text or a
    runbook URL) of a monitor, or of one rule (an entry of a `thresholds` mapping, at the monitor
    or on a feature). Returns {owner, response}, each none when absent. They are copied onto the
    alert rows (alert_response_sql) and never change what is computed, so they are not part of
    the monitor state. -#}
{% macro normalize_responses(raw, monitor_name, path) %}
  {%- set out = {'owner': none, 'response': none} -%}
  {%- if raw is not mapping -%}{{ return(out) }}{%- endif -%}
  {%- for key in ['owner', 'response'] if raw.get(key) is not none -%}
    {%- set value = raw[key] -%}
    {%- set full = path ~ '.' ~ key if path else key -%}
    {%- if value is not string or value | trim == '' -%}
      {{ model_monitor.config_error(monitor_name, full, "expected a non-empty text (a team, a person, or a runbook URL), got " ~ value | string) }}
    {%- endif -%}
    {%- if value | length > 1000 -%}
      {{ model_monitor.config_error(monitor_name, full, "expected at most 1000 characters, got " ~ value | length) }}
    {%- endif -%}
    {%- do out.update({key: value}) -%}
  {%- endfor -%}
  {{ return(out) }}
{% endmacro %}
