{#- Operational SLIs per monitor x window x subject x metric (long format, unioned into
    model_monitor__metrics): latency quantiles, cost, LLM token counts, output-length drift and
    prompt-version shares, for the monitors that declare the columns, and the share of served
    predictions made by the expected model version (expected_model_version). -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{{ model_monitor.for_each_monitor(model_monitor.operational_metrics_ctes, ref('model_monitor__feature_drift'),
                                   ref('model_monitor__model_versions'),
                                   monitors=model_monitor.get_monitors(resolve_relations=true)) }}
