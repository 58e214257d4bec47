{#- What was live when: per monitor x window x model version, the predictions logged, their first
    and last time in the window, the version's share of the served predictions, whether it served
    or shadowed and whether it is the expected version. Incremental by window like the other marts
    (a run recomputes the monitor's last windows and replaces them whole). -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set blocks = [] -%}
{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{#- a changed window or version setting would rewrite stored windows the other way -#}
{{ model_monitor.check_monitor_state_unchanged(monitors) }}
{%- for monitor in monitors -%}
  {%- set p = 'v' ~ loop.index0 ~ '_' -%}
  {%- do blocks.append((p, model_monitor.model_versions_ctes(p, monitor))) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
