{#- Columns cast to bigint: sums of counts are HUGEINT on DuckDB and NUMERIC on PostgreSQL. -#}
{% macro bigint_columns(names) -%}
  {%- for name in names -%}
    cast({{ name }} as {{ dbt.type_bigint() }}) as {{ name }}{{ ", " if not loop.last }}
  {%- endfor -%}
{%- endmacro %}
