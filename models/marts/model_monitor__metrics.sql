{#- Every metric in one long table (monitor x window x subject x metric), so one BI chart can show
    any of them: drift and data quality per feature, performance per model version and segment,
    freshness and operational SLIs, each with its thresholds and status. Incremental by window:
    a run rewrites the windows its sources may have changed (metrics_incremental_start). -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    pre_hook="{{ model_monitor.delete_recomputed_windows() }}",
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set sources = {
    'feature_drift': ref('model_monitor__feature_drift'),
    'learned_thresholds': ref('model_monitor__learned_thresholds'),
    'performance': ref('model_monitor__performance'),
    'freshness': ref('model_monitor__freshness'),
    'operational': ref('model_monitor__operational_metrics'),
} -%}
{{ model_monitor.for_each_monitor(model_monitor.metrics_select, sources, select=true) }}
