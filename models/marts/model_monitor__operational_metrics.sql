{#- Operational SLIs per monitor x window x subject x metric (long format, unioned into
    model_monitor__metrics): latency quantiles, cost, LLM token counts, output-length drift and
    prompt-version shares, for the monitors that declare the columns, and the share of served
    predictions made by the expected model version (expected_model_version). -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set blocks = [] -%}
{%- for monitor in model_monitor.get_monitors(resolve_relations=true) -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
  {%- do blocks.append((p, model_monitor.operational_metrics_ctes(p, monitor, ref('model_monitor__feature_drift'), ref('model_monitor__model_versions')))) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
