{#- Prints the DDL of a dialect between markers (used by the DDL parsing test and by users who
    register the functions by hand):  dbt run-operation model_monitor.print_udf_ddl --args '{dialect: snowflake}' -#}
{% macro print_udf_ddl(dialect, schema='analytics') %}
  {{ print('-- model_monitor udf ddl begin\n' ~ model_monitor.udf_ddl(dialect, schema) ~ '\n-- model_monitor udf ddl end') }}
{% endmacro %}
