{#- Each monitor's windows reduced once per run (new windows and the lookback only), for all
    features at once: bounded profiles (cells, see profile_values) for profile monitors, the
    distinct values with counts for exact ones; categorical features capped in the profile mode
    (the reference's most frequent categories and the most frequent new ones by name, the rest in
    two rows). Histograms, KS and Wasserstein are all computed
    from this reduction. -#}
-- depends_on: {{ ref('model_monitor__reference_edges') }}
-- depends_on: {{ ref('model_monitor__reference_values') }}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook="{{ model_monitor.analyze_relation(this) }}",
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{{ model_monitor.check_monitor_state_unchanged(monitors) }}
{{ model_monitor.for_each_monitor(model_monitor.window_values_select, ref('model_monitor__reference_edges'),
                                  ref('model_monitor__reference_values'), monitors=monitors, select=true) }}
