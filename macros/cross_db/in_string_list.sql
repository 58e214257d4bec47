{#- `expression in ('a', 'b', ...)` for texts from configuration (escaped literals), or a false
    predicate for an empty list. -#}
{% macro in_string_list(expression, values) -%}
  {%- if values -%}
    {{ expression }} in ({% for v in values %}{{ model_monitor.string_literal(v) }}{{ ", " if not loop.last }}{% endfor %})
  {%- else -%}
    1 = 0
  {%- endif -%}
{%- endmacro %}
