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

{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{#- a changed window or decision threshold would rewrite stored windows the other way -#}
{{ model_monitor.check_monitor_state_unchanged(monitors) }}
{{ model_monitor.for_each_monitor(model_monitor.champion_challenger_ctes, monitors=monitors) }}
