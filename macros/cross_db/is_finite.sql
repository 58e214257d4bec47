{#- True when a double is neither NaN nor +/-infinity (NULL stays NULL). -#}
{% macro is_finite(expr) %}
  {{- return(adapter.dispatch('is_finite', 'model_monitor')(expr)) -}}
{% endmacro %}

{#- PostgreSQL has no isfinite() for floats; NaN compares equal to NaN there. -#}
{% macro default__is_finite(expr) -%}
  ({{ expr }} not in (cast('NaN' as {{ model_monitor.type_double() }}),
                      {{ model_monitor.infinity(1) }}, {{ model_monitor.infinity(-1) }}))
{%- endmacro %}

{% macro duckdb__is_finite(expr) -%}
  isfinite({{ expr }})
{%- endmacro %}

{% macro spark__is_finite(expr) -%}
  (not isnan({{ expr }}) and abs({{ expr }}) != double('infinity'))
{%- endmacro %}
