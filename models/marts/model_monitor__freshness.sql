{#- Freshness per monitor and run: how long ago the newest prediction and outcome arrived, at
    measured_at (the model_monitor_as_of var, else the run's start). A run log: it keeps its
    history across --full-refresh (full_refresh=false); a rerun at the same measured_at replaces
    its rows. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    full_refresh=false,
    **model_monitor.incremental_config(['monitor_name', 'measured_at'])
) }}

{{ model_monitor.for_each_monitor(model_monitor.freshness_ctes,
                                  monitors=model_monitor.get_monitors(resolve_relations=true)) }}
