{#- Refresh planner statistics of a table the next models read. On PostgreSQL a freshly written
    table is estimated at one row, and the planner's nested loops then turn the range joins
    quadratic (the reference bins took minutes instead of a second). -#}
{% macro analyze_relation(relation) %}
  {{- return(adapter.dispatch('analyze_relation', 'model_monitor')(relation)) -}}
{% endmacro %}

{% macro default__analyze_relation(relation) %}{% endmacro %}

{% macro postgres__analyze_relation(relation) %}analyze {{ relation }}{% endmacro %}
