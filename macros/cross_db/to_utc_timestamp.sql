{#- A timestamp column as a UTC timestamp without time zone. Columns with a time zone are
    converted; naive timestamps and dates are taken to be UTC already (documented). -#}
{% macro to_utc_timestamp(expr, has_time_zone) %}
  {{- return(adapter.dispatch('to_utc_timestamp', 'model_monitor')(expr, has_time_zone)) -}}
{% endmacro %}

{% macro default__to_utc_timestamp(expr, has_time_zone) -%}
  {%- if has_time_zone -%}
    cast(({{ expr }} at time zone 'UTC') as {{ dbt.type_timestamp() }})
  {%- else -%}
    cast({{ expr }} as {{ dbt.type_timestamp() }})
  {%- endif -%}
{%- endmacro %}

{% macro duckdb__to_utc_timestamp(expr, has_time_zone) -%}
  {%- if has_time_zone -%}
    timezone('UTC', {{ expr }})
  {%- else -%}
    cast({{ expr }} as timestamp)
  {%- endif -%}
{%- endmacro %}

{% macro spark__to_utc_timestamp(expr, has_time_zone) -%}
  cast({{ expr }} as timestamp)
{%- endmacro %}
