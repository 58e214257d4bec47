{#- Model performance per monitor x model_version x window x segment ('__all__' for now):
    realized metrics once labels arrive, estimated (confidence-based) metrics from the scores. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{{ model_monitor.check_monitor_state_unchanged(monitors) }}
{{ model_monitor.for_each_monitor(model_monitor.performance_ctes, monitors=monitors) }}
