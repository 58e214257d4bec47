{#- One row per prediction (monitor, prediction_id, model_version) joined to its delayed outcome,
    for the windows late labels can still change: from the window of the latest prediction minus
    the outcome lookback (outcome_lookback_days with outcomes, else lookback_windows). Rebuilt on
    every run, so the table holds the lookback's predictions, not the whole log; performance and
    champion/challenger read the predictions they recompute themselves. -#}
{{ config(
    materialized='table',
    post_hook="{{ model_monitor.analyze_relation(this) }}"
) }}

{#- Segment values go to segment_1..segment_k (k: the most segments any monitor declares). -#}
{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{%- set slots = model_monitor.segment_slots(monitors) -%}
{#- the ref also makes model_versions (the latest prediction per monitor) build first -#}
{{ model_monitor.for_each_monitor(model_monitor.retained_prediction_outcomes_ctes, slots, ref('model_monitor__model_versions'),
                                  monitors=monitors, repeat={'segment_1': slots}) }}
