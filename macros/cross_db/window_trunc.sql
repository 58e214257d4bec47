{#- The start of the hour, day or ISO week (Monday) containing a UTC timestamp. -#}
{% macro window_trunc(window, expr) %}
  {{- return(adapter.dispatch('window_trunc', 'model_monitor')(window, expr)) -}}
{% endmacro %}

{% macro default__window_trunc(window, expr) -%}
  cast({{ dbt.date_trunc(window, expr) }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
