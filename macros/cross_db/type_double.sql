{#- An 8-byte IEEE float. dbt.type_float() is 4 bytes on DuckDB, too coarse for 1e-9 statistics. -#}
{% macro type_double() %}
  {{- return(adapter.dispatch('type_double', 'model_monitor')()) -}}
{% endmacro %}

{% macro default__type_double() %}double precision{% endmacro %}
{% macro duckdb__type_double() %}double{% endmacro %}
{% macro spark__type_double() %}double{% endmacro %}
{% macro bigquery__type_double() %}float64{% endmacro %}
