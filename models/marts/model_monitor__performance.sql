{#- Model performance per monitor x model_version x window x segment ('__all__' for now):
    realized metrics once labels arrive, estimated (confidence-based) metrics from the scores. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set blocks = [] -%}
{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{{ model_monitor.check_monitor_state_unchanged(monitors) }}
{%- for monitor in monitors -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
  {%- do blocks.append((p, model_monitor.performance_ctes(p, monitor))) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
