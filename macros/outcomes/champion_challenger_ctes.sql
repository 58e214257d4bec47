{#- One monitor's champion/challenger pairs as CTEs ending in `<p>result`: the windows this run
    recomputes joined to their outcomes (prediction_outcomes_ctes), each pair of model versions
    that scored the same prediction id in the same window. -#}
{% macro champion_challenger_ctes(p, monitor) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {%- set ctes -%}
    {{ model_monitor.prediction_outcomes_ctes(p ~ 'joined_', monitor, 0, start) }},
    {{ p }}result as (
      select a.monitor_name, a.window_start, a.model_version as model_version_a, b.model_version as model_version_b,
             count(*) as shared_prediction_count,
             -- NaN and infinite scores are invalid, as in model_monitor__performance
             avg(case when {{ model_monitor.is_finite('a.score') }} and {{ model_monitor.is_finite('b.score') }}
                      then abs(a.score - b.score) end) as mean_absolute_score_difference,
             avg(case when a.predicted_label is not null and b.predicted_label is not null
                      then case when a.predicted_label <> b.predicted_label then cast(1 as {{ double }}) else cast(0 as {{ double }}) end
                 end) as decision_disagreement_rate
      from {{ p }}joined_result as a
      join {{ p }}joined_result as b
        on b.prediction_id = a.prediction_id and b.window_start = a.window_start and b.model_version > a.model_version
      group by 1, 2, 3, 4
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}
