{#- The quoted actual name of a configured column: `names` maps the configured spelling to the
    relation's own (monitor_columns; a case-insensitive match keeps the relation's case), and a
    name it does not hold is quoted as configured. Internal. -#}
{% macro quoted_column(names, column) %}
  {{ return(model_monitor.quote_identifier(names.get(column, column))) }}
{% endmacro %}
