{#- Operational SLIs per monitor x window x subject x metric (long format, unioned into
    model_monitor__metrics): latency quantiles, cost, LLM token counts, output-length drift and
    prompt-version shares, for the monitors that declare the columns, the share of served
    predictions made by the expected model version (expected_model_version), and the share of
    the package's recorded runs that succeeded (pipeline_success_rate, where asked for). -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{{ model_monitor.for_each_monitor(model_monitor.operational_metrics_ctes, ref('model_monitor__feature_drift'),
                                   ref('model_monitor__model_versions'), ref('model_monitor__pipeline_runs'),
                                   monitors=model_monitor.get_monitors(resolve_relations=true)) }}
