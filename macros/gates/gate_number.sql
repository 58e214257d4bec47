{#- Validate a numeric test argument: a finite number (not a boolean, a string, NaN or an
    infinity), optionally >= minimum and <= maximum. -#}
{% macro gate_number(test_name, argument, value, minimum=none, required=true, maximum=none) %}
  {%- if value is none -%}
    {%- if required -%}
      {{ model_monitor.gate_error(test_name, argument, "required argument is missing (expected a number)") }}
    {%- endif -%}
    {{ return(none) }}
  {%- endif -%}
  {%- if value is sameas true or value is sameas false or value is not number -%}
    {{ model_monitor.gate_error(test_name, argument, "expected a number, got " ~ (value | tojson if value is string else value | string)) }}
  {%- endif -%}
  {%- if value != value or value > 1.7976931348623157e308 or value < -1.7976931348623157e308 -%}
    {{ model_monitor.gate_error(test_name, argument, "expected a finite number, got " ~ value) }}
  {%- endif -%}
  {%- if minimum is not none and maximum is not none and (value < minimum or value > maximum) -%}
    {{ model_monitor.gate_error(test_name, argument, "expected a number in [" ~ minimum ~ ", " ~ maximum ~ "], got " ~ value) }}
  {%- endif -%}
  {%- if minimum is not none and value < minimum -%}
    {{ model_monitor.gate_error(test_name, argument, "expected a number >= " ~ minimum ~ ", got " ~ value) }}
  {%- endif -%}
  {{ return(value) }}
{% endmacro %}
