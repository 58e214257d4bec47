{#- A one-column relation (window_start) of every window from start_expr to end_expr inclusive;
    both are scalar SQL expressions that are already window starts. -#}
{% macro window_series(window, start_expr, end_expr) %}
  {{- return(adapter.dispatch('window_series', 'model_monitor')(window, start_expr, end_expr)) -}}
{% endmacro %}

{% macro default__window_series(window, start_expr, end_expr) -%}
  select cast(series.window_start as {{ dbt.type_timestamp() }}) as window_start
  from generate_series({{ start_expr }}, {{ end_expr }}, interval '1 {{ window }}') as series(window_start)
{%- endmacro %}

{% macro duckdb__window_series(window, start_expr, end_expr) -%}
  select cast(unnest(generate_series({{ start_expr }}, {{ end_expr }}, interval 1 {{ window }})) as timestamp) as window_start
{%- endmacro %}

{% macro spark__window_series(window, start_expr, end_expr) -%}
  select explode(sequence({{ start_expr }}, {{ end_expr }}, interval 1 {{ window }})) as window_start
{%- endmacro %}
