{#- The q-quantile of expr over the group with linear interpolation between order statistics
    (numpy.quantile's default 'linear' method); NULLs are ignored, so map NaN and infinities to
    NULL first. q is a number in [0, 1]. -#}
{% macro quantile_linear(expr, q) %}
  {{- return(adapter.dispatch('quantile_linear', 'model_monitor')(expr, q)) -}}
{% endmacro %}

{% macro default__quantile_linear(expr, q) -%}
  percentile_cont({{ q }}) within group (order by {{ expr }})
{%- endmacro %}

{% macro spark__quantile_linear(expr, q) -%}
  percentile({{ expr }}, {{ q }})
{%- endmacro %}
