{#- A timestamp literal from a validated 'YYYY-MM-DD[ HH:MM[:SS]]' string or a datetime. -#}
{% macro timestamp_literal(value) -%}
  cast({{ model_monitor.string_literal(value | string) }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
