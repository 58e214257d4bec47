{#- Fail compilation with a message that names the monitor and the key. -#}
{% macro config_error(monitor_name, key, message) %}
  {%- set where = "monitor '" ~ monitor_name ~ "'" if monitor_name is not none else "var 'model_monitor'" -%}
  {%- set key_part = ", key '" ~ key ~ "'" if key else "" -%}
  {{ exceptions.raise_compiler_error("model_monitor: " ~ where ~ key_part ~ ": " ~ message) }}
{% endmacro %}
