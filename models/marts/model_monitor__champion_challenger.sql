{#- Shadow-mode comparison: for each pair of model versions that scored the same prediction ids,
    per monitor and window (of the first version's prediction), how many ids they share, the
    mean absolute difference of their valid (finite) scores and the share of decisions they disagree on. Pairs are
    ordered by version name (model_version_a < model_version_b); the two predictions of a pair
    fall in the same window (shadow models score a request when it arrives), so a run reads only
    the windows it recomputes (lookback_windows) and an incremental run equals a full refresh. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set double = model_monitor.type_double() -%}
{%- set blocks = [] -%}
{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{#- a changed window or decision threshold would rewrite stored windows the other way -#}
{{ model_monitor.check_monitor_state_unchanged(monitors) }}
{%- for monitor in monitors -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
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
  {%- do blocks.append((p, ctes)) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
