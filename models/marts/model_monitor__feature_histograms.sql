{#- Feature histograms per monitor x feature x period (reference or window) x bin: the stored
    window values reduced to bin counts, from which the binned drift statistics are computed. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook="{{ model_monitor.analyze_relation(this) }}",
    **model_monitor.incremental_config(['monitor_name', 'window_start', 'window_end', 'is_reference'])
) }}

{%- set blocks = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
  {%- do blocks.append((p, model_monitor.feature_histograms_ctes(p, monitor, ref('model_monitor__reference_bins'), ref('model_monitor__window_values')))) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
