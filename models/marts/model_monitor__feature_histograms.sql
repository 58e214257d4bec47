{#- Feature histograms per monitor x feature x period (reference or window) x bin: the stored
    window values reduced to bin counts, from which the binned drift statistics are computed. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook="{{ model_monitor.analyze_relation(this) }}",
    **model_monitor.incremental_config(['monitor_name', 'window_start', 'window_end', 'is_reference'])
) }}

{{ model_monitor.for_each_monitor(model_monitor.feature_histograms_ctes, ref('model_monitor__reference_bins'),
                                   ref('model_monitor__window_values')) }}
