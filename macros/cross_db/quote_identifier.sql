{#- Quote a column name taken from configuration, escaping embedded quote characters
    (adapter.quote does not escape them, so a name like weird"col would break the SQL). -#}
{% macro quote_identifier(name) %}
  {{- return(adapter.dispatch('quote_identifier', 'model_monitor')(name)) -}}
{% endmacro %}

{% macro default__quote_identifier(name) -%}
  "{{ name | replace('"', '""') }}"
{%- endmacro %}

{% macro spark__quote_identifier(name) -%}
  `{{ name | replace('`', '``') }}`
{%- endmacro %}

{% macro bigquery__quote_identifier(name) -%}
  `{{ name | replace('\\', '\\\\') | replace('`', '\\`') }}`
{%- endmacro %}
