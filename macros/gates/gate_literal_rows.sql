{#- A one-column select of literal strings (`union all`), for the expected subjects of a gate. -#}
{% macro gate_literal_rows(column, values) -%}
  {%- for value in values -%}
    select {{ model_monitor.string_literal(value) }} as {{ column }}{% if not loop.last %} union all {% endif %}
  {%- endfor -%}
{%- endmacro %}
