{#- The bins each monitor's reference defines, one row per bin (numeric) or per reference
    category (categorical), with the reference's counts. Fixed and relation references are
    computed once; trailing references for the new windows and the lookback. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook="{{ model_monitor.analyze_relation(this) }}",
    **model_monitor.incremental_config(['monitor_name', 'reference_end'])
) }}

{{ model_monitor.for_each_monitor(model_monitor.reference_bins_ctes, ref('model_monitor__reference_values'),
                                   ref('model_monitor__window_values'), ref('model_monitor__reference_edges')) }}
