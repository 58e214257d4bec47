{#- Reject unknown keys (suggesting the closest allowed one) and missing required keys of a
    mapping found at `path` in the configuration. -#}
{% macro check_keys(mapping, required, optional, monitor_name, path) %}
  {%- if mapping is not mapping -%}
    {{ model_monitor.config_error(monitor_name, path, "expected a mapping, got " ~ mapping | string) }}
  {%- endif -%}
  {%- set allowed = required + optional -%}
  {%- for key in mapping -%}
    {%- if key not in allowed -%}
      {%- set suggestion = model_monitor.closest_match(key, allowed) -%}
      {%- set hint = " (did you mean '" ~ suggestion ~ "'?)" if suggestion else "" -%}
      {%- set full = path ~ "." ~ key if path else key -%}
      {{ model_monitor.config_error(monitor_name, full, "unknown key" ~ hint ~ ". Allowed keys: " ~ allowed | join(", ")) }}
    {%- endif -%}
  {%- endfor -%}
  {%- for key in required -%}
    {%- if key not in mapping or mapping[key] is none -%}
      {%- set full = path ~ "." ~ key if path else key -%}
      {{ model_monitor.config_error(monitor_name, full, "required key is missing") }}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}
