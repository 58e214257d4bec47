{#- Positive or negative infinity as a double: the outermost numeric bin edges. -#}
{% macro infinity(sign=1) %}
  {{- return(adapter.dispatch('infinity', 'model_monitor')(sign)) -}}
{% endmacro %}

{% macro default__infinity(sign=1) -%}
  cast('{{ "-" if sign < 0 else "" }}Infinity' as {{ model_monitor.type_double() }})
{%- endmacro %}
