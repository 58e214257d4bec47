{#- Element `position` (1 for the first) of the array expression `array_sql`, as a double, when the
    array has exactly `length` elements; NULL otherwise (a NULL array, or one of another length).
    Reads a multiclass monitor's score_array_column. Internal. -#}
{% macro array_element(array_sql, position, length) %}
  {{- return(adapter.dispatch('array_element', 'model_monitor')(array_sql, position, length)) -}}
{% endmacro %}

{#- DuckDB (LIST or ARRAY) -#}
{% macro default__array_element(array_sql, position, length) -%}
  case when len({{ array_sql }}) = {{ length }} then cast(({{ array_sql }})[{{ position }}] as {{ model_monitor.type_double() }}) end
{%- endmacro %}

{#- PostgreSQL arrays (cardinality counts a one-dimensional array's elements; the subscript is
    1-based for arrays built the usual way) -#}
{% macro postgres__array_element(array_sql, position, length) -%}
  case when cardinality({{ array_sql }}) = {{ length }} then cast(({{ array_sql }})[{{ position }}] as {{ model_monitor.type_double() }}) end
{%- endmacro %}

{#- Spark and Databricks: try_element_at is 1-based and never raises, whatever spark.sql.ansi.enabled -#}
{% macro spark__array_element(array_sql, position, length) -%}
  case when size({{ array_sql }}) = {{ length }} then cast(try_element_at({{ array_sql }}, {{ position }}) as {{ model_monitor.type_double() }}) end
{%- endmacro %}

{#- Snowflake: ARRAY (of VARIANT), 0-based -#}
{% macro snowflake__array_element(array_sql, position, length) -%}
  case when array_size({{ array_sql }}) = {{ length }} then cast(get({{ array_sql }}, {{ position - 1 }}) as {{ model_monitor.type_double() }}) end
{%- endmacro %}

{#- BigQuery: SAFE_ORDINAL is 1-based and gives NULL out of range -#}
{% macro bigquery__array_element(array_sql, position, length) -%}
  case when array_length({{ array_sql }}) = {{ length }} then cast({{ array_sql }}[safe_ordinal({{ position }})] as {{ model_monitor.type_double() }}) end
{%- endmacro %}
