{#- Validate a numeric test argument: a number (not a boolean or a string), optionally >= minimum. -#}
{% macro gate_number(test_name, argument, value, minimum=none, required=true) %}
  {%- if value is none -%}
    {%- if required -%}
      {{ model_monitor.gate_error(test_name, argument, "required argument is missing (expected a number)") }}
    {%- endif -%}
    {{ return(none) }}
  {%- endif -%}
  {%- if value is sameas true or value is sameas false or value is not number -%}
    {{ model_monitor.gate_error(test_name, argument, "expected a number, got " ~ (value | tojson if value is string else value | string)) }}
  {%- endif -%}
  {%- if minimum is not none and value < minimum -%}
    {{ model_monitor.gate_error(test_name, argument, "expected a number >= " ~ minimum ~ ", got " ~ value) }}
  {%- endif -%}
  {{ return(value) }}
{% endmacro %}
