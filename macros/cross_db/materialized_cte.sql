{#- Keyword that forces a common table expression to be computed once. Used where a CTE
    built from the one scan of the predictions table is read twice: without it an engine may
    inline the CTE and scan the table again. -#}
{% macro materialized_cte() %}
  {{- return(adapter.dispatch('materialized_cte', 'model_monitor')()) -}}
{% endmacro %}

{% macro default__materialized_cte() %}{% endmacro %}
{% macro postgres__materialized_cte() %}materialized{% endmacro %}
{% macro duckdb__materialized_cte() %}materialized{% endmacro %}
