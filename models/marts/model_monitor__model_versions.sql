{#- What was live when: per monitor x window x model version, the predictions logged, their first
    and last time in the window, the version's share of the served predictions, whether it served
    or shadowed and whether it is the expected version. Incremental by window like the other marts
    (a run recomputes the monitor's last windows and replaces them whole). -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{#- a changed window or version setting would rewrite stored windows the other way -#}
{{ model_monitor.check_monitor_state_unchanged(monitors) }}
{{ model_monitor.for_each_monitor(model_monitor.model_versions_ctes, monitors=monitors) }}
