{#- Text ordered by code point, so top-K category ties break the same way on every engine
    (PostgreSQL otherwise sorts by the database locale). -#}
{% macro collate_binary(expr) %}
  {{- return(adapter.dispatch('collate_binary', 'model_monitor')(expr)) -}}
{% endmacro %}

{% macro default__collate_binary(expr) %}{{ expr }}{% endmacro %}
{% macro postgres__collate_binary(expr) %}{{ expr }} collate "C"{% endmacro %}
