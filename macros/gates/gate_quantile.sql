{#- The q-quantile of a numeric expression, linear interpolation between order statistics
    (numpy.quantile's default), as an ordered-set aggregate. -#}
{% macro gate_quantile(expr, q) %}
  {{- return(adapter.dispatch('gate_quantile', 'model_monitor')(expr, q)) -}}
{% endmacro %}

{% macro default__gate_quantile(expr, q) -%}
  percentile_cont({{ q }}) within group (order by {{ expr }})
{%- endmacro %}

{% macro spark__gate_quantile(expr, q) -%}
  percentile({{ expr }}, {{ q }})
{%- endmacro %}
