{#- The bins each monitor's reference defines, one row per bin (numeric) or per reference
    category (categorical), with the reference's counts. Fixed and relation references are
    computed once; trailing references for the new windows and the lookback. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook="{{ model_monitor.analyze_relation(this) }}",
    **model_monitor.incremental_config(['monitor_name', 'reference_end'])
) }}

{%- set blocks = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
  {%- do blocks.append((p, model_monitor.reference_bins_ctes(p, monitor, ref('model_monitor__reference_values'), ref('model_monitor__window_values'), ref('model_monitor__reference_edges')))) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
