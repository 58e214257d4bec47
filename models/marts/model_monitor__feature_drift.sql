{#- Drift and data quality per monitor x feature x window: binned statistics from the stored
    histograms, exact KS and Wasserstein from the stored distinct values (never from the raw
    predictions), p-values through the Python UDFs when they are registered. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set udfs = model_monitor.udfs_available() -%}
{{ model_monitor.warn_if_udfs_missing(udfs) }}
{%- for monitor in model_monitor.get_monitors() if execute and not udfs and monitor['drift_verdict']['mode'] == 'effect_and_significance' -%}
  {{ model_monitor.config_error(monitor['name'], 'drift_verdict', "effect_and_significance judges drift by its p-values, and the p-value UDFs are not registered on " ~ target.type ~ " (every window would be ok): register them (docs/engines.md, \"The p-value functions\") or remove drift_verdict") }}
{%- endfor %}
{{ model_monitor.for_each_monitor(model_monitor.feature_drift_ctes, ref('model_monitor__feature_histograms'),
                                   ref('model_monitor__window_values'), ref('model_monitor__reference_values'), udfs,
                                   ref('model_monitor__learned_thresholds')) }}
