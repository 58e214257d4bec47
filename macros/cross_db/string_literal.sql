{#- A SQL string literal for a value from configuration, with quotes escaped
    (dbt.string_literal does not escape). -#}
{% macro string_literal(value) %}
  {{- return(adapter.dispatch('string_literal', 'model_monitor')(value)) -}}
{% endmacro %}

{% macro default__string_literal(value) -%}
  '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{#- Spark and BigQuery treat backslash as an escape character inside literals. -#}
{% macro spark__string_literal(value) -%}
  '{{ value | string | replace('\\', '\\\\') | replace("'", "\\'") }}'
{%- endmacro %}

{% macro bigquery__string_literal(value) -%}
  '{{ value | string | replace('\\', '\\\\') | replace("'", "\\'") }}'
{%- endmacro %}
