{#- The columns (name, data_type) of a relation or of a test's `where` subquery, read at run time. -#}
{% macro gate_columns(relation) %}
  {%- if not execute -%}{{ return([]) }}{%- endif -%}
  {%- if relation is string -%}
    {{ return(adapter.get_column_schema_from_query("select * from " ~ relation ~ " where 1 = 0")) }}
  {%- endif -%}
  {{ return(adapter.get_columns_in_relation(relation)) }}
{% endmacro %}

{#- The actual name of column `name` in `columns` (exact match first, then case-insensitive);
    a compile error naming the test, argument and column (with a close match) when absent. -#}
{% macro gate_find_column(test_name, argument, columns, name, where) %}
  {%- if not execute -%}{{ return(name) }}{%- endif -%}
  {%- if name is none or name is not string -%}
    {{ model_monitor.gate_error(test_name, argument, "expected a column name, got " ~ name | string) }}
  {%- endif -%}
  {%- set actual = columns | map(attribute='name') | list -%}
  {%- if columns | length == 0 -%}
    {{ model_monitor.gate_error(test_name, argument, where ~ " does not exist or has no columns") }}
  {%- endif -%}
  {%- for column in columns if column.name == name -%}{{ return(column.name) }}{%- endfor -%}
  {%- for column in columns if column.name | lower == name | lower -%}{{ return(column.name) }}{%- endfor -%}
  {%- set suggestion = model_monitor.closest_match(name, actual) -%}
  {%- set hint = " (did you mean '" ~ suggestion ~ "'?)" if suggestion else "" -%}
  {{ model_monitor.gate_error(test_name, argument, "column '" ~ name ~ "' does not exist in " ~ where ~ hint ~ ". Columns: " ~ actual | join(", ")) }}
{% endmacro %}
