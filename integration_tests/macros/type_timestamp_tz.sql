{#- A timestamp type with a time zone, for the fixture's offset timestamps. Spark has none: its
    TIMESTAMP is an instant already (an offset in the literal is applied when casting). -#}
{% macro type_timestamp_tz() %}
  {{- return(adapter.dispatch('type_timestamp_tz', 'model_monitor_integration_tests')()) -}}
{% endmacro %}

{% macro default__type_timestamp_tz() %}timestamptz{% endmacro %}
{% macro spark__type_timestamp_tz() %}timestamp{% endmacro %}
