{#- Fail compilation of a generic test with a message naming the test, the argument and what
    was expected, e.g. "model_monitor.drift_within: argument 'threshold': expected a number". -#}
{% macro gate_error(test_name, argument, message) %}
  {%- set key_part = ": argument '" ~ argument ~ "'" if argument else "" -%}
  {{ exceptions.raise_compiler_error("model_monitor." ~ test_name ~ key_part ~ ": " ~ message) }}
{% endmacro %}
