{#- Validate a test argument that names one of `allowed` (with a close match in the message). -#}
{% macro gate_choice(test_name, argument, value, allowed, what='value') %}
  {%- if value is not string or value not in allowed -%}
    {%- set suggestion = model_monitor.closest_match(value | string, allowed) if value is string else none -%}
    {%- set hint = " (did you mean '" ~ suggestion ~ "'?)" if suggestion else "" -%}
    {{ model_monitor.gate_error(test_name, argument, what ~ " '" ~ value | string ~ "' is not one of " ~ allowed | join(", ") ~ hint) }}
  {%- endif -%}
  {{ return(value) }}
{% endmacro %}
